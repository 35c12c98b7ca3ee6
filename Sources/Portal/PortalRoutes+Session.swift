import Crypto
import Foundation
import HTTP
import Logging
import Postgres
import Tenancy

// Signing in and out, and the start page that needs a session.
extension PortalRoutes {
    /// The one message for every refused sign-in: an unknown address, a wrong password, a
    /// user without a password or a disabled one (OWASP Authentication Cheat Sheet,
    /// "Authentication and Error Messages"), so the form does not tell who has an account.
    static let refusedLoginMessage = "The e-mail address or the password is not correct."

    /// `GET /login`: the form, with the pre-session CSRF cookie (kept if it is already there,
    /// so several open tabs keep working).
    func showLogin(_ request: Request) throws -> Response {
        let site = try site(for: request)
        let (secret, newCookie) = preSessionSecret(request)
        let query = request.queryParameters
        let notice = query["reset"] == "1" ? "Your password has been changed. Sign in with the new one." : nil
        var response = try site.templates.response(.login, LoginView(
            csrfToken: CSRFToken.make(sessionSecret: secret), next: query["next"].flatMap(Self.safeNext), notice: notice))
        if let newCookie { response.setCookie(newCookie) }
        return response
    }

    /// `POST /login`: CSRF first, then `PasswordLogin`. Success sets the session cookie and
    /// answers 303 to `next` (a local path) or `/`; a refusal shows the form again with one
    /// message and the e-mail kept; the throttle answers 429 with `Retry-After`.
    func logIn(_ request: Request) throws -> Response {
        let site = try site(for: request)
        let form = try request.form()
        guard LoginCSRFCookie.verify(form[CSRFToken.formField], request: request, overTLS: overTLS),
              let secret = LoginCSRFCookie.secret(in: request, overTLS: overTLS) else {
            return try csrfRefusal(site, request)
        }
        let email = form["email"] ?? ""
        let next = form["next"].flatMap(Self.safeNext)
        do {
            let loggedIn = try passwordLogin.logIn(email: email, password: form["password"] ?? "", partnerID: site.partner.id,
                                                   remoteAddress: Self.clientAddress(request),
                                                   userAgent: request.headers["User-Agent"], requestID: request.requestID,
                                                   now: configuration.now())
            logger.info("portal sign-in", metadata: site.metadata(request).merging([
                "user_id": "\(loggedIn.principal.userID?.uuidString ?? "-")", "session_id": "\(loggedIn.session.id)",
            ]) { $1 })
            // A new session id at every sign-in (OWASP Session Management Cheat Sheet, "Renew the
            // Session ID After Any Privilege Level Change"): a planted cookie is simply replaced,
            // and a session the browser still held is ended rather than left to idle out.
            try endReplacedSession(request, site: site, keeping: loggedIn.session.id)
            var response = Response.redirect(to: next ?? "/")
            response.setCookie(PortalSessionCookie.setting(loggedIn.cookie, overTLS: overTLS))
            response.setCookie(LoginCSRFCookie.deletion(overTLS: overTLS))
            return response
        } catch TenancyError.unauthenticated {
            logger.info("portal sign-in refused", metadata: site.metadata(request))
            return try site.templates.response(.login, LoginView(csrfToken: CSRFToken.make(sessionSecret: secret), email: email,
                                                                 formError: Self.refusedLoginMessage, next: next))
        } catch let throttled as LoginThrottledError {
            let seconds = Self.wholeSeconds(throttled.retryAfter)
            logger.notice("portal sign-in throttled", metadata: site.metadata(request).merging([
                "retry_after_s": "\(seconds)", "remote": "\(Self.clientAddress(request))",
            ]) { $1 })
            let minutes = (seconds + 59) / 60
            var response = try errorPage(site.templates, request, status: .tooManyRequests, title: "Too many attempts",
                                         message: "Too many sign-in attempts failed. Wait \(minutes) minute\(minutes == 1 ? "" : "s"), then try again.")
            // RFC 9110 §10.2.3 / RFC 6585 §4: delay-seconds, a whole number.
            response.headers.set("Retry-After", "\(seconds)")
            return response
        }
    }

    /// Revokes the session whose cookie came with a sign-in request, if it is still live and not
    /// the one just created.
    private func endReplacedSession(_ request: Request, site: PortalSite, keeping newSession: UUID) throws {
        guard PortalSessionCookie.isPresent(in: request, overTLS: overTLS) else { return }
        try database.transaction(.partner(site.partner.id)) { connection in
            guard let (_, principal) = try authenticated(request, site: site, on: connection),
                  case .session(let sessionID) = principal.credential, sessionID != newSession else { return }
            try Sessions.revoke(sessionID, in: site.partner.id, now: configuration.now(), by: caller(principal, request),
                                on: connection)
        }
    }

    /// `POST /logout`: checks the session's CSRF token, revokes the session row (audited) and
    /// deletes the cookie. Without a live session there is nothing to end: 303 to the form.
    /// Only POST: a GET that logged out would let any page sign a user out with an `<img>`.
    func logOut(_ request: Request) throws -> Response {
        try inSite(request) { site, connection in
            let form = try request.form()
            guard let cookie = PortalSessionCookie.session(in: request, overTLS: overTLS) else { return backToLogin(request) }
            // Checked before the session is even looked up: a forged request changes nothing.
            guard CSRFToken.verify(form[CSRFToken.formField], sessionSecret: cookie.csrfSecret) else {
                return try csrfRefusal(site, request)
            }
            guard let (_, principal) = try authenticated(request, site: site, on: connection),
                  case .session(let sessionID) = principal.credential else { return backToLogin(request) }
            try Sessions.revoke(sessionID, in: site.partner.id, now: configuration.now(), by: caller(principal, request),
                                on: connection)
            logger.info("portal sign-out", metadata: site.metadata(request).merging([
                "user_id": "\(principal.userID?.uuidString ?? "-")", "session_id": "\(sessionID)",
            ]) { $1 })
            return backToLogin(request)
        }
    }

    /// The session cookie and its principal, or nil when the request has no session this
    /// partner accepts (none, malformed, expired, revoked, another partner's, a disabled user).
    func authenticated(_ request: Request, site: PortalSite,
                       on connection: PostgresConnection) throws -> (SessionCookie, Principal)? {
        guard let cookie = PortalSessionCookie.session(in: request, overTLS: overTLS) else { return nil }
        do {
            let principal = try Sessions.authenticate(cookieValue: cookie.value, in: site.partner.id,
                                                      policy: configuration.sessionPolicy, now: configuration.now(),
                                                      on: connection)
            return (cookie, principal)
        } catch TenancyError.unauthenticated {
            return nil
        }
    }

    /// 303 to the form with `next` set to where the visitor wanted to go; a stale session
    /// cookie is deleted on the way.
    func signInFirst(_ request: Request) -> Response {
        var response = Response.redirect(to: "/login?next=" + Self.percentEncoded(request.target))
        if PortalSessionCookie.isPresent(in: request, overTLS: overTLS) {
            response.setCookie(PortalSessionCookie.deletion(overTLS: overTLS))
        }
        return response
    }

    /// 303 to the sign-in form, deleting the session cookie.
    private func backToLogin(_ request: Request) -> Response {
        var response = Response.redirect(to: "/login")
        response.setCookie(PortalSessionCookie.deletion(overTLS: overTLS))
        return response
    }

    /// `next` when it is a path on this site (CWE-601: never an open redirect), else nil.
    static func safeNext(_ next: String) -> String? {
        Response.isSafeLocalPath(next) ? next : nil
    }

    /// Everything but RFC 3986 §2.3 unreserved characters percent-encoded, for a query value.
    static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                encoded.unicodeScalars.append(UnicodeScalar(byte))
            default:
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }

    /// A wait rounded up to whole seconds, at least 1 (a `Retry-After: 0` invites a retry loop).
    static func wholeSeconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }

    /// A role as people read it.
    static func roleName(_ role: Role) -> String {
        switch role {
        case .platformAdmin: "Platform admin"
        case .partnerAdmin: "Partner admin"
        case .partnerOperator: "Partner operator"
        case .customerViewer: "Customer viewer"
        }
    }
}

extension String {
    /// The string with zeros in front up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
