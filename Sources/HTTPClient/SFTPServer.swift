/// Where and as whom an ``SFTPClient`` logs in: host and port, the user, the private key that
/// authenticates it (RFC 4252 §7, public key authentication — the only method the client
/// offers) and the pinned fingerprint of the server's host key.
///
/// The description leaves the key out, so the value can be logged.
public struct SFTPServer: Sendable, Hashable, CustomStringConvertible {
    /// The host name or IP address (an IPv6 address without brackets).
    public var host: String
    /// The TCP port; 22 by default.
    public var port: Int
    /// The user name.
    public var username: String
    /// The private key as text: OpenSSH format (`-----BEGIN OPENSSH PRIVATE KEY-----`, what
    /// `ssh-keygen` writes) or PEM (`-----BEGIN RSA PRIVATE KEY-----` and friends), unencrypted.
    public var privateKey: String
    /// The server's host key fingerprint; a server presenting another key is refused.
    public var hostKey: SFTPHostKeyFingerprint

    /// Creates the login settings.
    public init(host: String, port: Int = 22, username: String, privateKey: String, hostKey: SFTPHostKeyFingerprint) {
        self.host = host
        self.port = port
        self.username = username
        self.privateKey = privateKey
        self.hostKey = hostKey
    }

    /// Checks what libcurl would otherwise misread, naming the first bad value.
    ///
    /// - Throws: ``SFTPError`` of kind `invalidRequest`.
    func validate() throws(SFTPError) {
        let hostBytes = host.utf8
        guard !hostBytes.isEmpty, !hostBytes.contains(where: { $0 <= 0x20 || $0 == 0x7F || "/?#@[]".utf8.contains($0) }) else {
            throw SFTPError(kind: .invalidRequest, detail: "\(host.debugDescription) is not a host name or address")
        }
        guard (1...65_535).contains(port) else {
            throw SFTPError(kind: .invalidRequest, detail: "the port must be from 1 to 65535, not \(port)")
        }
        guard !username.isEmpty, !username.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            throw SFTPError(kind: .invalidRequest, detail: "the user name must be one line of text")
        }
        guard privateKey.contains("PRIVATE KEY-----") else {
            throw SFTPError(kind: .invalidRequest,
                            detail: "the private key must be the text of an OpenSSH or PEM private key file (-----BEGIN … PRIVATE KEY-----)")
        }
        guard !privateKey.contains("ENCRYPTED") else {
            throw SFTPError(kind: .invalidRequest, detail: "the private key is protected by a passphrase; give an unencrypted key")
        }
    }

    /// `sftp://host:port` with an IPv6 literal in brackets (RFC 3986 §3.2.2).
    var urlAuthority: String {
        host.contains(":") ? "sftp://[\(host)]:\(port)" : "sftp://\(host):\(port)"
    }

    /// `user@host:port (SHA256:…)`, without the key.
    public var description: String { "\(username)@\(host):\(port) (\(hostKey))" }
}
