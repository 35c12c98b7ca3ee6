import HTTPClient
import Portal
import Tenancy
import Testing
import TestSupport

@Suite struct PortalLogSecrecyTests {
    @Test func noPasswordCookieCSRFOrResetTokenReachesTheLog() throws {
        try PortalHarness.with { portal in
            let partner = try portal.db.makePartner()
            let user = try portal.makeUser(in: partner)
            let newPassword = "the replacement passphrase"
            let browser = portal.browser(for: partner)
            var secrets: [(String, String)] = [("password", PortalHarness.password), ("new password", newPassword),
                                               ("wrong password", "a wrong password guess")]

            // A failed and a successful sign-in, the start page, sign-out.
            let failed = try portal.logIn(browser, email: user.email, password: "a wrong password guess")
            secrets.append(("sign-in CSRF token", try #require(Browser.csrfToken(in: failed))))
            secrets.append(("pre-session cookie", try #require(browser.cookies["cp_csrf"])))
            try portal.logIn(browser, email: user.email)
            secrets.append(("session cookie", try #require(browser.cookies["cp_session"])))
            let home = try browser.get("/")
            let sessionToken = try #require(Browser.csrfToken(in: home))
            secrets.append(("session CSRF token", sessionToken))
            #expect(try browser.post("/logout", [("_csrf", sessionToken)]).status == 303)

            // Forgot, the link, the reset.
            let form = try browser.get("/forgot-password")
            secrets.append(("second pre-session cookie", try #require(browser.cookies["cp_csrf"])))
            _ = try browser.post("/forgot-password", [("_csrf", Browser.csrfToken(in: form) ?? ""), ("email", user.email)])
            let resetToken = try #require(portal.mailer.lastToken())
            secrets.append(("reset token", resetToken))
            _ = try browser.get("/password/reset?token=\(resetToken)")
            let page = try browser.get("/password/reset")
            let done = try browser.post("/password/reset", [("_csrf", Browser.csrfToken(in: page) ?? ""), ("token", resetToken),
                                                            ("password", newPassword), ("confirmation", newPassword)])
            #expect(done.status == 303)
            try portal.logIn(portal.browser(for: partner), email: user.email, password: newPassword)

            let log = portal.logs.text
            // The run was logged (access lines for the reset link and the portal's own events),
            // so an empty log cannot pass this test.
            #expect(log.contains("GET /password/reset 303"))
            #expect(log.contains("portal sign-in refused"))
            #expect(log.contains("portal password reset completed"))
            #expect(log.contains("portal sign-out"))
            // Names only: a failure must not print the secrets (or the log holding them) either.
            let leaked = (secrets + [("e-mail address", user.email)]).filter { log.contains($0.1) }.map(\.0)
            #expect(leaked == [])
        }
    }
}
