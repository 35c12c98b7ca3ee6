import Crypto

/// The secret a portal session cookie carries: 32 random bytes (256 bits, OWASP asks for at
/// least 64 bits of entropy), written as unpadded base64url so it fits a cookie value
/// (RFC 6265 §4.1.1) without quoting.
///
/// The database never sees the secret: sessions are found by `SHA-256(secret bytes)`, so a
/// copy of the `sessions` table lets nobody log in.
///
/// The CSRF secret is derived, not stored: `HMAC-SHA256(key: secret bytes,
/// "counterpart.session.csrf")`. Only someone holding the cookie can compute it, it differs
/// for every session, and it dies with the session — the Portal signs its per-form CSRF tokens
/// with it (OWASP CSRF Prevention Cheat Sheet, "Signed Double-Submit Cookie") and nothing extra
/// has to be stored or looked up.
public struct SessionCookie: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The length of the secret in bytes.
    public static let byteCount = 32

    /// The domain-separation label of the CSRF secret: the HMAC message, so the same cookie
    /// bytes can never produce the same value for another purpose.
    static let csrfLabel = Array("counterpart.session.csrf".utf8)

    /// The cookie's value as sent to the browser.
    public let value: String
    /// The decoded secret.
    let secret: [UInt8]

    /// A new random cookie.
    static func generate() -> SessionCookie {
        let secret = SecureRandom.bytes(byteCount)
        return SessionCookie(value: Base64URL.encode(secret), secret: secret)
    }

    private init(value: String, secret: [UInt8]) {
        self.value = value
        self.secret = secret
    }

    /// The cookie a browser sent, or nil when `value` is not base64url of exactly 32 bytes
    /// (such a value cannot be a session, so it is refused before any database lookup).
    public init?(value: String) {
        guard value.utf8.count <= 64, let secret = Base64URL.decode(value), secret.count == Self.byteCount else {
            return nil
        }
        self.init(value: value, secret: secret)
    }

    /// What the `sessions.token_hash` column holds: SHA-256 of the secret bytes.
    var tokenHash: [UInt8] { SHA256.hash(secret) }

    /// The session's CSRF secret (32 bytes): `HMAC-SHA256(key: secret bytes,
    /// "counterpart.session.csrf")`. Stable for the session's life, never stored.
    public var csrfSecret: [UInt8] { HMAC.sha256(key: secret, message: Self.csrfLabel) }

    // A cookie printed into a log or a test failure would be a usable credential: every way
    // Swift renders a value (print, string interpolation, dump, debugger) shows only this.
    /// `SessionCookie(redacted)`.
    public var description: String { "SessionCookie(redacted)" }
    /// `SessionCookie(redacted)`.
    public var debugDescription: String { description }
    /// No children, so `dump` shows no secret.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
