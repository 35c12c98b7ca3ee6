public import HTTPClient

extension ConnectorError {
    /// Classes a failed SFTP operation the way the worker pool decides on it: the network and
    /// a full disk are transient; a swapped host key, a refused key, missing rights, a missing
    /// directory or a malformed setting are permanent — the connection is paused until someone
    /// fixes it. The message names the server and path, never the key.
    ///
    /// - Parameter action: what we were doing, e.g. "listing the inbound directory".
    public init(_ error: SFTPError, while action: String, server: SFTPServer) {
        let at = error.path.isEmpty ? "\(server.host):\(server.port)" : "\(error.path) on \(server.host):\(server.port)"
        let upstream = error.detail.isEmpty ? nil : UpstreamReply(status: nil, excerpt: error.detail)
        switch error.kind {
        case .timeout:
            self = .transient("Timed out \(action) at \(at).", upstream: upstream)
        case .connection, .session:
            self = .transient("Could not reach the SFTP server \(action) at \(at).", upstream: upstream)
        case .diskFull:
            self = .transient("The SFTP server's disk or quota is full \(action) at \(at); free space there.", upstream: upstream)
        case .internalFailure:
            self = .transient("Our SFTP client failed \(action).", upstream: upstream)
        case .hostKeyMismatch:
            self = .permanent("The SFTP server at \(server.host):\(server.port) presented a host key that does not match the "
                + "connection's fingerprint \(server.hostKey). If the server was re-keyed, confirm the new fingerprint with its "
                + "administrator and edit the connection; otherwise someone may be intercepting the connection.",
                upstream: upstream)
        case .authenticationFailed:
            self = .permanent("The SFTP server refused user \(server.username) with the connection's private key. Check that "
                + "the key's public half is in the account's authorized_keys and that the key is unencrypted.", upstream: upstream)
        case .permissionDenied:
            self = .permanent("The account \(server.username) may not do this \(action) at \(at); grant it the rights.",
                              upstream: upstream)
        case .notFound:
            self = .permanent("\(at) does not exist (\(action)); create it or correct the connection's directories.",
                              upstream: upstream)
        case .alreadyExists, .commandFailed, .fileTooLarge, .invalidRequest:
            self = .permanent("The SFTP server refused \(action) at \(at): \(error.detail)", upstream: upstream)
        }
    }
}
