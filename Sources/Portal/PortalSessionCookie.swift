public import HTTP
public import Tenancy

/// The browser's side of a portal session: the cookie that carries `SessionCookie.value`.
///
/// `cp_session` over plain HTTP, `__Host-cp_session` over TLS (RFC 6265bis §4.1.3.2: a
/// `__Host-` cookie must be `Secure`, have `Path=/` and no `Domain`, so no sibling host under
/// the base domain can plant or overwrite it — partners' portals are siblings). Always
/// `HttpOnly` (scripts cannot read it), `SameSite=Lax` (not sent on cross-site POSTs, sent on
/// a top-level link from a mail) and without `Max-Age`: a browser-session cookie, because the
/// server enforces idle and absolute expiry itself (OWASP Session Management Cheat Sheet,
/// "Session Expiration") and a persistent cookie would only outlive its session.
public enum PortalSessionCookie {
    /// The cookie name over plain HTTP (local development).
    public static let plainName = "cp_session"
    /// The cookie name over TLS.
    public static let hostBoundName = "__Host-cp_session"

    /// The cookie name to use.
    public static func name(overTLS: Bool) -> String { overTLS ? hostBoundName : plainName }

    /// The session cookie `request` carries, or nil when there is none or its value cannot be
    /// a session (checked without the database).
    public static func session(in request: Request, overTLS: Bool) -> SessionCookie? {
        request.cookies[name(overTLS: overTLS)].flatMap(SessionCookie.init(value:))
    }

    /// Whether `request` carries a cookie of this name at all (valid or not), so a stale one
    /// can be deleted.
    public static func isPresent(in request: Request, overTLS: Bool) -> Bool {
        request.cookies[name(overTLS: overTLS)] != nil
    }

    /// The field that sets `cookie` in the browser.
    public static func setting(_ cookie: SessionCookie, overTLS: Bool) -> SetCookie {
        // The name is a literal token and the value base64url (SessionCookie checks it): always valid.
        try! SetCookie(name: name(overTLS: overTLS), value: cookie.value, maxAge: nil, httpOnly: true,
                       secure: overTLS, sameSite: .lax)
    }

    /// The field that removes the cookie (log-out, or a session the server no longer accepts).
    public static func deletion(overTLS: Bool) -> SetCookie {
        try! SetCookie.deletion(name: name(overTLS: overTLS), secure: overTLS, sameSite: .lax)
    }
}
