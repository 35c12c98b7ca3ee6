/// The fingerprint of the SSH server's host key that a connection pins: the server must present
/// exactly this key or no session is made (RFC 4251 §4.1 leaves checking the host key to the
/// client; without a check, the first man in the middle wins).
///
/// Accepted forms are what `ssh-keygen -l -f key.pub` and `ssh-keyscan host | ssh-keygen -lf -`
/// print: `SHA256:` followed by 43 base64 characters (the default since OpenSSH 6.8), or the
/// legacy `MD5:` followed by 16 colon-separated hex pairs (`ssh-keygen -E md5`). The prefix may be
/// omitted when the form is unambiguous.
public struct SFTPHostKeyFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// Which digest the fingerprint is.
    public enum Algorithm: String, Sendable, Hashable {
        /// SHA-256, base64 (libcurl ≥ 7.80 `CURLOPT_SSH_HOST_PUBLIC_KEY_SHA256`).
        case sha256 = "SHA256"
        /// MD5, hex (`CURLOPT_SSH_HOST_PUBLIC_KEY_MD5`).
        case md5 = "MD5"
    }

    /// The digest.
    public let algorithm: Algorithm
    /// The digest in libcurl's form: base64 without `=` padding for SHA-256 (libcurl strips the
    /// padding of the server's digest before comparing), 32 lower-case hex digits for MD5.
    public let value: String

    /// Parses a fingerprint.
    ///
    /// - Throws: ``SFTPError`` of kind `invalidRequest` saying which forms are accepted.
    public init(_ text: String) throws(SFTPError) {
        let trimmed = text.trimmingBlanks()
        let upper = trimmed.uppercased()
        if upper.hasPrefix("MD5:") {
            self = try Self.md5(String(trimmed.dropFirst(4)), original: text)
        } else if upper.hasPrefix("SHA256:") {
            self = try Self.sha256(String(trimmed.dropFirst(7)), original: text)
        } else if trimmed.count == 32 || trimmed.count == 47 {
            self = try Self.md5(trimmed, original: text)
        } else {
            self = try Self.sha256(trimmed, original: text)
        }
    }

    private init(algorithm: Algorithm, value: String) {
        self.algorithm = algorithm
        self.value = value
    }

    private static func sha256(_ text: String, original: String) throws(SFTPError) -> SFTPHostKeyFingerprint {
        var digits = Substring(text)
        while digits.hasSuffix("=") { digits = digits.dropLast() }
        // 32 bytes are 43 base64 characters once the padding is dropped (RFC 4648 §4).
        let alphabet = { (byte: UInt8) in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
        }
        guard digits.utf8.count == 43, digits.utf8.allSatisfy(alphabet) else {
            throw invalid(original)
        }
        return SFTPHostKeyFingerprint(algorithm: .sha256, value: String(digits))
    }

    private static func md5(_ text: String, original: String) throws(SFTPError) -> SFTPHostKeyFingerprint {
        let hex = text.lowercased().filter { $0 != ":" }
        guard hex.utf8.count == 32, hex.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }) else {
            throw invalid(original)
        }
        return SFTPHostKeyFingerprint(algorithm: .md5, value: hex)
    }

    private static func invalid(_ text: String) -> SFTPError {
        SFTPError(kind: .invalidRequest, detail: "\(String(text.prefix(80)).debugDescription) is not a host key fingerprint; "
                  + "give SHA256:<43 base64 characters> or MD5:<16 hex pairs> as ssh-keygen -l prints them")
    }

    /// `SHA256:base64` or `MD5:hex`, as `ssh-keygen -l` would print it (MD5 without colons).
    public var description: String { "\(algorithm.rawValue):\(value)" }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks (no Foundation here).
    func trimmingBlanks() -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }
}
