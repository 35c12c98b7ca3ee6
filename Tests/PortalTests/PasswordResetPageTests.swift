import HTTPClient
import Portal
import Postgres
import Tenancy
import Testing
import TestSupport

@Suite struct PasswordResetPageTests {
    let newPassword = "a brand new passphrase"

    @Test func aMailedLinkSetsANewPasswordOnceAndTheOldOneStopsWorking() throws {
        try PortalHarness.with { portal in
            let partner = try portal.db.makePartner()
            let user = try portal.makeUser(in: partner)
            let browser = portal.browser(for: partner)
            let form = try browser.get("/forgot-password")
            let requested = try browser.post("/forgot-password", [("_csrf", Browser.csrfToken(in: form) ?? ""),
                                                                  ("email", user.email)])
            #expect(requested.status == 200)
            #expect(requested.text.contains("If an account exists for that address"))

            let mail = try #require(portal.mailer.sent.last)
            #expect(mail.to == user.email)
            let token = try #require(portal.mailer.lastToken())
            #expect(mail.textBody.contains("http://\(portal.host(of: partner))/password/reset?token=\(token)"),
                    "the link goes to the partner's host")

            // The link's token moves into a cookie and out of the address.
            let link = try browser.get("/password/reset?token=\(token)")
            #expect(link.status == 303)
            #expect(link.headers["Location"] == "/password/reset")
            #expect(browser.setCookie(named: "cp_reset") == "cp_reset=\(token); Path=/; Max-Age=900; HttpOnly; SameSite=Lax")
            let page = try browser.get("/password/reset")
            #expect(page.status == 200)
            #expect(Browser.hiddenField("token", in: page.text) == token)
            let csrf = try #require(Browser.csrfToken(in: page))

            let mismatch = try browser.post("/password/reset", [("_csrf", csrf), ("token", token), ("password", newPassword),
                                                                ("confirmation", newPassword + "x")])
            #expect(mismatch.status == 200)
            #expect(mismatch.text.contains("This does not match the new password."))
            let weak = try browser.post("/password/reset", [("_csrf", csrf), ("token", token), ("password", "short"),
                                                            ("confirmation", "short")])
            #expect(weak.text.contains("The new password must be at least 12 characters."))
            #expect(weak.text.contains(#"id="field-password-error""#), "the error sits next to its field")

            let done = try browser.post("/password/reset", [("_csrf", csrf), ("token", token), ("password", newPassword),
                                                            ("confirmation", newPassword)])
            #expect(done.status == 303, "a refused password did not use up the link")
            #expect(done.headers["Location"] == "/login?reset=1")
            #expect(browser.setCookie(named: "cp_reset")?.contains("Max-Age=0") == true)
            #expect(try browser.get("/login?reset=1").text.contains("Your password has been changed."))

            let again = try browser.post("/password/reset", [("_csrf", csrf), ("token", token), ("password", "yet another passphrase"),
                                                             ("confirmation", "yet another passphrase")])
            #expect(again.status == 200)
            #expect(again.text.contains("This link is not valid or has expired."), "the token works once")

            #expect(try portal.logIn(portal.browser(for: partner), email: user.email).status == 200, "the old password fails")
            #expect(try portal.logIn(portal.browser(for: partner), email: user.email, password: newPassword).status == 303)
        }
    }

    @Test func anUnknownAddressGetsTheSamePageAndNoMail() throws {
        try PortalHarness.with { portal in
            let partner = try portal.db.makePartner()
            let user = try portal.makeUser(in: partner)
            let browser = portal.browser(for: partner)
            let form = try browser.get("/forgot-password")
            let csrf = try #require(Browser.csrfToken(in: form))
            let known = try browser.post("/forgot-password", [("_csrf", csrf), ("email", user.email)])
            let unknown = try browser.post("/forgot-password", [("_csrf", csrf), ("email", "nobody@example.com")])
            #expect(known.text == unknown.text)
            #expect(portal.mailer.sent.count == 1)
        }
    }

    @Test func aResetFormWithoutTheCSRFTokenChangesNothing() throws {
        try PortalHarness.with { portal in
            let partner = try portal.db.makePartner()
            let user = try portal.makeUser(in: partner)
            let browser = portal.browser(for: partner)
            let form = try browser.get("/forgot-password")
            #expect(try browser.post("/forgot-password", [("email", user.email)]).status == 403)
            #expect(portal.mailer.sent.isEmpty)
            _ = try browser.post("/forgot-password", [("_csrf", Browser.csrfToken(in: form) ?? ""), ("email", user.email)])
            let token = try #require(portal.mailer.lastToken())
            let refused = try browser.post("/password/reset", [("token", token), ("password", newPassword),
                                                               ("confirmation", newPassword)])
            #expect(refused.status == 403)
            #expect(try portal.db.count("SELECT count(*) FROM password_resets WHERE used_at IS NOT NULL") == 0)
        }
    }

    @Test func theResetPageWithoutALinkSaysTheLinkIsNotValid() throws {
        try PortalHarness.with { portal in
            let partner = try portal.db.makePartner()
            let page = try portal.browser(for: partner).get("/password/reset")
            #expect(page.status == 200)
            #expect(page.text.contains("This link is not valid or has expired."))
        }
    }
}
