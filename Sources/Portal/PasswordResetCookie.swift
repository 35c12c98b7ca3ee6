public import HTTP

/// Where a password-reset token waits between the mailed link and the form that uses it.
///
/// The link is `/password/reset?token=…`. Left in the address bar, the token would stay in
/// the browser's history, be sent as `Referer` to the portal's own stylesheet and images
/// (Referrer-Policy `same-origin` sends the full URL there), and sit in the access logs of any
/// proxy in front of us. So the first GET moves it into this cookie and redirects to
/// `/password/reset` without a query (OWASP Forgot Password Cheat Sheet, "URL tokens": keep
/// the token out of referrers and logs); the form then carries it in a hidden field, in a
/// POST body, which no access log records.
///
/// `cp_reset` over plain HTTP, `__Host-cp_reset` over TLS; `HttpOnly`, `SameSite=Lax` (the
/// link is a top-level navigation from a mail client, which Lax allows), short-lived, and
/// deleted once the password is set.
public enum PasswordResetCookie {
    /// The cookie name over plain HTTP.
    public static let plainName = "cp_reset"
    /// The cookie name over TLS.
    public static let hostBoundName = "__Host-cp_reset"

    /// The cookie name to use.
    public static func name(overTLS: Bool) -> String { overTLS ? hostBoundName : plainName }

    /// The token `request` carries in the cookie, or nil.
    public static func token(in request: Request, overTLS: Bool) -> String? {
        guard let value = request.cookies[name(overTLS: overTLS)], !value.isEmpty else { return nil }
        return value
    }

    /// The field that stores `token` for `lifetime` seconds; nil when the token holds
    /// characters a cookie cannot carry (then it cannot be a token we issued: they are base64url).
    public static func setting(_ token: String, lifetime: Int, overTLS: Bool) -> SetCookie? {
        try? SetCookie(name: name(overTLS: overTLS), value: token, maxAge: lifetime, httpOnly: true,
                       secure: overTLS, sameSite: .lax)
    }

    /// The field that removes the cookie.
    public static func deletion(overTLS: Bool) -> SetCookie {
        try! SetCookie.deletion(name: name(overTLS: overTLS), secure: overTLS, sameSite: .lax)
    }
}
