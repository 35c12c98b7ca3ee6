import Crypto
import HTTP
import Logging
import Postgres
import Tenancy

// "Forgot your password?" and the page a mailed reset link opens (OWASP Forgot Password
// Cheat Sheet): the same answer whether or not an account exists, a one-time token that
// leaves the URL at once (`PasswordResetCookie`), errors next to the fields.
extension PortalRoutes {
    /// What a form shows for a link that is unknown, used, expired, or whose user was disabled.
    static let invalidLinkMessage = "This link is not valid or has expired. Ask for a new one under “Forgot your password?”."

    /// `GET /forgot-password`: the e-mail form.
    func showForgotPassword(_ request: Request) throws -> Response {
        let site = try site(for: request)
        let (secret, newCookie) = preSessionSecret(request)
        var response = try site.templates.response(.forgotPassword,
                                                   ForgotPasswordView(csrfToken: CSRFToken.make(sessionSecret: secret)))
        if let newCookie { response.setCookie(newCookie) }
        return response
    }

    /// `POST /forgot-password`: CSRF, then `PasswordResets.request` in the partner's
    /// transaction; the confirmation page is the same whether or not a mail went out.
    func requestReset(_ request: Request) throws -> Response {
        try inSite(request) { site, connection in
            let form = try request.form()
            guard LoginCSRFCookie.verify(form[CSRFToken.formField], request: request, overTLS: overTLS),
                  let secret = LoginCSRFCookie.secret(in: request, overTLS: overTLS) else {
                return try csrfRefusal(site, request)
            }
            let token = CSRFToken.make(sessionSecret: secret)
            let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !email.isEmpty else {
                return try site.templates.response(.forgotPassword, ForgotPasswordView(
                    csrfToken: token, emailError: "Enter the e-mail address you sign in with."))
            }
            try PasswordResets.request(email: email, in: site.partner.id, baseURL: site.origin, composer: ThemeMailComposer(templates: site.templates),
                                       remoteAddress: Self.clientAddress(request), requestID: request.requestID,
                                       now: configuration.now(), mailer: mailer, on: connection)
            logger.info("portal password reset requested", metadata: site.metadata(request))
            return try site.templates.response(.forgotPassword, ForgotPasswordView(csrfToken: token, submitted: true))
        }
    }

    /// `GET /password/reset`. With `?token=` (the mailed link): moves the token into
    /// `PasswordResetCookie` and answers 303 to the same path without the query, so the token
    /// leaves the address bar, the history and any `Referer`. Without: the form, the token in
    /// a hidden field.
    func showReset(_ request: Request) throws -> Response {
        let site = try site(for: request)
        if let token = request.queryParameters["token"] {
            var response = Response.redirect(to: "/password/reset")
            if let cookie = PasswordResetCookie.setting(token, lifetime: configuration.resetCookieLifetime, overTLS: overTLS) {
                response.setCookie(cookie)
            }
            return response
        }
        let (secret, newCookie) = preSessionSecret(request)
        let resetToken = PasswordResetCookie.token(in: request, overTLS: overTLS)
        var response = try site.templates.response(.resetPassword, ResetPasswordView(
            csrfToken: CSRFToken.make(sessionSecret: secret), resetToken: resetToken ?? "",
            formError: resetToken == nil ? Self.invalidLinkMessage : nil, passwordHint: passwordHint))
        if let newCookie { response.setCookie(newCookie) }
        return response
    }

    /// `POST /password/reset`: CSRF, the two passwords must match, then
    /// `PasswordResets.complete`. Success ends every session of the user, deletes the reset
    /// cookie and answers 303 to `/login?reset=1`; a refusal shows the form again with the
    /// problem next to its field.
    func completeReset(_ request: Request) throws -> Response {
        let site = try site(for: request)
        let form = try request.form()
        guard LoginCSRFCookie.verify(form[CSRFToken.formField], request: request, overTLS: overTLS),
              let secret = LoginCSRFCookie.secret(in: request, overTLS: overTLS) else {
            return try csrfRefusal(site, request)
        }
        let resetToken = form["token"].flatMap { $0.isEmpty ? nil : $0 } ?? PasswordResetCookie.token(in: request, overTLS: overTLS) ?? ""
        let password = form["password"] ?? ""
        func again(passwordError: String? = nil, confirmationError: String? = nil, formError: String? = nil) throws -> Response {
            try site.templates.response(.resetPassword, ResetPasswordView(
                csrfToken: CSRFToken.make(sessionSecret: secret), resetToken: resetToken, passwordError: passwordError,
                confirmationError: confirmationError, formError: formError, passwordHint: passwordHint))
        }
        guard password == form["confirmation"] ?? "" else {
            return try again(confirmationError: "This does not match the new password.")
        }
        do {
            // A transaction of its own: when the password is refused, the rollback also undoes
            // the claim on the token, so the link still works for a second try.
            _ = try database.transaction(.partner(site.partner.id)) { connection in
                try PasswordResets.complete(token: resetToken, newPassword: password, in: site.partner.id,
                                            remoteAddress: Self.clientAddress(request), requestID: request.requestID,
                                            now: configuration.now(), policy: configuration.passwordPolicy,
                                            hasher: passwordLogin.hasher, on: connection)
            }
        } catch TenancyError.invalid(let problems) {
            let tokenProblem = problems.contains { $0.field == "token" }
            let passwordProblem = problems.first { $0.field == "password" }
            logger.info("portal password reset refused", metadata: site.metadata(request).merging([
                "reason": "\(tokenProblem ? "token" : "password")",
            ]) { $1 })
            return try again(passwordError: passwordProblem.map { "The new password \($0.message)." },
                             formError: tokenProblem ? Self.invalidLinkMessage : nil)
        }
        logger.info("portal password reset completed", metadata: site.metadata(request))
        var response = Response.redirect(to: "/login?reset=1")
        response.setCookie(PasswordResetCookie.deletion(overTLS: overTLS))
        return response
    }

    /// The hint under the new password, from the policy.
    private var passwordHint: String { "At least \(configuration.passwordPolicy.minimumLength) characters." }
}
