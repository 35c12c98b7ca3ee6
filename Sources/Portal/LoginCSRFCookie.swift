import Crypto
public import HTTP

/// CSRF protection for forms shown before there is a session: sign-in, forgot password and
/// reset password.
///
/// A visitor without a session gets a pre-session cookie holding 32 random bytes
/// (`cp_csrf`, HttpOnly, SameSite=Lax, 2 hours); the form carries
/// `CSRFToken.make(sessionSecret: those bytes)`. On submit both must be present and match —
/// a signed double submit, checked exactly like the session token.
///
/// Why: without it an attacker's page could sign a victim into the *attacker's* account
/// (login CSRF), after which the victim might enter data into it. The attacker cannot read
/// the victim's cookie, and a token minted for the attacker's own cookie does not verify
/// against the victim's.
///
/// Limit: a double-submit cookie can be overwritten by someone who controls a sibling host
/// ("cookie tossing"). Our cookies are host-only (no `Domain`), but a related host can still
/// set one for the parent domain. Over TLS use `name(overTLS: true)`: the `__Host-` prefix
/// (RFC 6265bis §4.1.3.2) makes browsers refuse such a cookie from any other host.
/// After sign-in the session token replaces this one; delete the cookie then.
public enum LoginCSRFCookie {
    /// The cookie name over plain HTTP (local development).
    public static let plainName = "cp_csrf"
    /// The cookie name over TLS: `__Host-` binds it to exactly this host.
    public static let hostBoundName = "__Host-cp_csrf"
    /// How long a sign-in form stays usable, in seconds.
    public static let maxAge = 2 * 60 * 60
    /// How many random bytes the cookie carries.
    static let secretByteCount = 32

    /// The cookie name to use.
    public static func name(overTLS: Bool) -> String { overTLS ? hostBoundName : plainName }

    /// The visitor's pre-session secret from `request`, or nil when the cookie is missing or
    /// malformed (then issue a new one with `issue`).
    public static func secret(in request: Request, overTLS: Bool) -> [UInt8]? {
        guard let value = request.cookies[name(overTLS: overTLS)], let bytes = Base64URL.decode(value),
              bytes.count == secretByteCount else { return nil }
        return bytes
    }

    /// A fresh secret and the cookie that carries it.
    public static func issue(overTLS: Bool) -> (secret: [UInt8], cookie: SetCookie) {
        let secret = SecureRandom.bytes(secretByteCount)
        // The name is a literal token and the value base64url: both always valid.
        let cookie = try! SetCookie(name: name(overTLS: overTLS), value: Base64URL.encode(secret),
                                    maxAge: maxAge, httpOnly: true, secure: overTLS, sameSite: .lax)
        return (secret, cookie)
    }

    /// The field that removes the cookie after sign-in.
    public static func deletion(overTLS: Bool) -> SetCookie {
        try! SetCookie.deletion(name: name(overTLS: overTLS), secure: overTLS, sameSite: .lax)
    }

    /// Whether the submitted `_csrf` matches the pre-session cookie of `request`. False when
    /// either is missing.
    public static func verify(_ submitted: String?, request: Request, overTLS: Bool) -> Bool {
        guard let secret = secret(in: request, overTLS: overTLS) else { return false }
        return CSRFToken.verify(submitted, sessionSecret: secret)
    }
}
