import HTTPClient
import Portal
import Postgres
import Tenancy
import Testing
import TestSupport

@Suite struct PortalLoginTests {
    @Test func signingInSetsAnHttpOnlyLaxHostOnlySessionCookieAndRedirectsToNext() throws {
        try PortalHarness.with { portal in
            let partner = try portal.db.makePartner()
            let user = try portal.makeUser(in: partner)
            let browser = portal.browser(for: partner)
            let response = try portal.logIn(browser, email: user.email, next: "/flows?page=2")
            #expect(response.status == 303)
            #expect(response.headers["Location"] == "/flows?page=2")
            let value = try #require(browser.cookies["cp_session"])
            #expect(browser.setCookie(named: "cp_session") == "cp_session=\(value); Path=/; HttpOnly; SameSite=Lax")
            // The pre-session CSRF cookie has done its job.
            #expect(browser.setCookie(named: "cp_csrf")?.contains("Max-Age=0") == true)
            #expect(try portal.db.count("SELECT count(*) FROM sessions") == 1)
        }
    }

    @Test func overTLSTheSessionCookieIsSecureAndHostPrefixed() throws {
        try PortalHarness.with({ $0.publicURL = "https://\(PortalHarness.baseDomain)"; $0.servedOverTLS = true }) { portal in
            let partner = try portal.db.makePartner()
            let user = try portal.makeUser(in: partner)
            let browser = portal.browser(for: partner)
            _ = try browser.get("/login")
            #expect(browser.setCookie(named: "__Host-cp_csrf")?.contains("; Secure; HttpOnly; SameSite=Lax") == true)
            let response = try portal.logIn(browser, email: user.email)
            #expect(response.status == 303)
            let value = try #require(browser.cookies["__Host-cp_session"])
            #expect(browser.setCookie(named: "__Host-cp_session")
                    == "__Host-cp_session=\(value); Path=/; Secure; HttpOnly; SameSite=Lax")
            #expect(browser.cookies["cp_session"] == nil)
        }
    }

    @Test func anUnsafeNextFallsBackToTheStartPage() throws {
        try PortalHarness.with { portal in
            let partner = try portal.db.makePartner()
            let user = try portal.makeUser(in: partner)
            let response = try portal.logIn(portal.browser(for: partner), email: user.email, next: "//evil.example/")
            #expect(response.headers["Location"] == "/")
        }
    }

    @Test func theStartPageShowsTheUsersNameEscapedAndTheirRole() throws {
        try PortalHarness.with { portal in
            let partner = try portal.db.makePartner()
            let user = try portal.makeUser(in: partner, role: .partnerOperator)
            _ = try portal.db.owner.execute("UPDATE users SET name = '<script>alert(1)</script> Ada' WHERE id = \(user.userID)")
            let browser = portal.browser(for: partner)
            try portal.logIn(browser, email: user.email)
            let home = try browser.get("/")
            #expect(home.status == 200)
            #expect(home.text.contains("&lt;script&gt;alert(1)&lt;/script&gt; Ada"))
            #expect(!home.text.contains("<script>"))
            #expect(home.text.contains("Partner operator"))
            #expect(home.headers["Cache-Control"] == "no-store")
            // The sign-out form carries the session's token, not the pre-session one.
            #expect(Browser.csrfToken(in: home)?.count == 43)
        }
    }

    @Test func aWrongPasswordAndAnUnknownEmailGiveTheSamePage() throws {
        try PortalHarness.with { portal in
            let partner = try portal.db.makePartner()
            let user = try portal.makeUser(in: partner)
            let browser = portal.browser(for: partner)
            let wrongPassword = try portal.logIn(browser, email: user.email, password: "not the password at all")
            let unknownEmail = try portal.logIn(browser, email: "nobody-\(user.email)", password: PortalHarness.password)
            #expect(wrongPassword.status == 200)
            #expect(unknownEmail.status == 200)
            func normalised(_ page: OutboundResponse, email: String) -> String {
                page.text.replacingOccurrences(of: Browser.csrfToken(in: page) ?? "-", with: "TOKEN")
                    .replacingOccurrences(of: email, with: "EMAIL")
            }
            #expect(normalised(wrongPassword, email: user.email) == normalised(unknownEmail, email: "nobody-\(user.email)"))
            #expect(wrongPassword.text.contains("The e-mail address or the password is not correct."))
            #expect(wrongPassword.text.contains(#"value="\#(user.email)""#), "the e-mail is kept")
            #expect(!wrongPassword.text.contains("not the password at all"), "the password is never echoed")
            #expect(browser.cookies["cp_session"] == nil)
            #expect(try portal.db.count("SELECT count(*) FROM sessions") == 0)
        }
    }

    @Test func aMissingOrWrongCSRFTokenIsRefusedWith403AndCreatesNoSession() throws {
        try PortalHarness.with { portal in
            let partner = try portal.db.makePartner()
            let user = try portal.makeUser(in: partner)
            let browser = portal.browser(for: partner)
            let form = try browser.get("/login")
            let token = try #require(Browser.csrfToken(in: form))
            let credentials = [("email", user.email), ("password", PortalHarness.password)]

            let missing = try browser.post("/login", credentials)
            let wrong = try browser.post("/login", credentials + [("_csrf", String(token.reversed()))])
            // A token from someone else's form, sent without their pre-session cookie.
            let stranger = portal.browser(for: partner)
            let foreign = try stranger.post("/login", credentials + [("_csrf", token)])
            for response in [missing, wrong, foreign] {
                #expect(response.status == 403)
                #expect(response.text.contains("This form has expired"))
                #expect(response.headers["Set-Cookie"] == nil)
            }
            #expect(try portal.db.count("SELECT count(*) FROM sessions") == 0)
            #expect(try portal.db.count("SELECT count(*) FROM login_attempts") == 0, "nothing was attempted")
            // The right token still works afterwards.
            #expect(try browser.post("/login", credentials + [("_csrf", token)]).status == 303)
        }
    }

    @Test func repeatedFailuresAreThrottledWith429AndRetryAfter() throws {
        try PortalHarness.with({ $0.loginThrottlePolicy = LoginThrottlePolicy(accountFailureLimit: 3, window: .seconds(600),
                                                                               lockout: .seconds(300)) }) { portal in
            let partner = try portal.db.makePartner()
            let user = try portal.makeUser(in: partner)
            let browser = portal.browser(for: partner)
            for _ in 1...3 {
                #expect(try portal.logIn(browser, email: user.email, password: "wrong guess number x").status == 200)
            }
            // Even the right password is not looked at now.
            let throttled = try portal.logIn(browser, email: user.email)
            #expect(throttled.status == 429)
            #expect(throttled.headers["Retry-After"] == "300")
            #expect(throttled.text.contains("Too many attempts"))
            #expect(browser.cookies["cp_session"] == nil)

            portal.clock.advance(by: 301)
            #expect(try portal.logIn(browser, email: user.email).status == 303, "the lock-out ends")
        }
    }
}
