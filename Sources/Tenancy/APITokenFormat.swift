internal import Crypto

/// The text form of API tokens: `cpt_` followed by base64url (RFC 4648 §5, no padding) of 32
/// random bytes — 256 bits, so guessing is hopeless and a fast hash is the right way to store
/// them (`SHA256`, not a password hash: there is nothing to stretch).
///
/// The fixed `cpt_` ("Counterpart token") prefix is there for secret scanners (GitHub secret
/// scanning, gitleaks, trufflehog): a pattern `cpt_[A-Za-z0-9_-]{43}` finds a leaked token in a
/// repository or a log with no false positives, and people recognise what they pasted.
enum APITokenFormat {
    /// The recognisable prefix.
    static let prefix = "cpt_"
    /// Random bytes per token.
    static let randomByteCount = 32
    /// base64url of 32 bytes without padding: ceil(32 × 4 / 3).
    static let encodedByteCount = 43
    /// Characters kept as `display_prefix`: the prefix and 8 random characters (48 bits, too
    /// few to guess the remaining 208).
    static let displayPrefixLength = 12

    /// A fresh token.
    static func generate() -> String {
        prefix + Base64URL.encode(SecureRandom.bytes(randomByteCount))
    }

    /// Whether `text` has the shape of a token, checked before any database work so garbage in
    /// an `Authorization` header costs nothing.
    static func isWellFormed(_ text: some StringProtocol) -> Bool {
        guard text.hasPrefix(prefix) else { return false }
        let body = text.dropFirst(prefix.count)
        guard body.utf8.count == encodedByteCount, let bytes = Base64URL.decode(body) else { return false }
        return bytes.count == randomByteCount
    }

    /// What is stored and looked up: SHA-256 of the token's UTF-8 text.
    static func hash(_ token: some StringProtocol) -> [UInt8] {
        SHA256.hash(Array(token.utf8))
    }

    /// The characters shown in lists.
    static func displayPrefix(of token: String) -> String {
        String(token.prefix(displayPrefixLength))
    }
}
