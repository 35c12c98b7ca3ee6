import Crypto

/// The synchronizer token that every form carries as `_csrf` (OWASP CSRF Prevention Cheat
/// Sheet, "Synchronizer Token Pattern" and "Signed Double-Submit Cookie").
///
/// The token is `Base64URL(HMAC-SHA256(key: sessionSecret, message: "counterpart.csrf.v1"))`.
/// Nothing is stored for it: the server recomputes it from the session's secret (which it
/// already holds) and compares in constant time.
///
/// Why this is safe:
/// - A cross-site attacker can make the browser *send* a request with the victim's cookies,
///   but cannot *read* our pages (same-origin policy), so never learns the token, and cannot
///   compute it without the session secret, which never leaves the server or the HttpOnly
///   cookie. HMAC-SHA256 is a PRF: a token reveals nothing about the secret, and the tokens
///   of other sessions are unrelated.
/// - The token is bound to one session: a token from the attacker's own session fails for
///   the victim's (the "naive double submit" weakness OWASP warns about does not apply).
/// - The fixed message names its purpose and version, so the same secret used for another
///   MAC (a different message) can never produce a valid CSRF token, and a future change of
///   scheme (`v2`) invalidates old tokens cleanly.
/// - Comparison uses `ConstantTime.equals`, so response timing leaks no prefix of the token.
/// The token stays the same for the session's life; a new session (after sign-in, which must
/// rotate the session) gets a new one.
public enum CSRFToken {
    /// The form field that carries the token.
    public static let formField = "_csrf"
    /// The HMAC message: purpose and version.
    static let message = Array("counterpart.csrf.v1".utf8)

    /// The token for the session whose secret is `sessionSecret`.
    /// - Precondition: the secret is at least 16 bytes (a guessable secret makes a guessable token).
    public static func make(sessionSecret: some Collection<UInt8>) -> String {
        precondition(sessionSecret.count >= 16, "a CSRF session secret needs at least 16 random bytes")
        return Base64URL.encode(HMAC.sha256(key: sessionSecret, message: message))
    }

    /// Whether `submitted` is the token for `sessionSecret`. A missing, empty or malformed
    /// token fails, as does any secret shorter than 16 bytes.
    public static func verify(_ submitted: String?, sessionSecret: some Collection<UInt8>) -> Bool {
        guard let submitted, !submitted.isEmpty, sessionSecret.count >= 16 else { return false }
        let expected = make(sessionSecret: sessionSecret)
        // Both are base64url text; lengths are public (always 43 characters), contents are not.
        return ConstantTime.equals(Array(submitted.utf8), Array(expected.utf8))
    }
}
