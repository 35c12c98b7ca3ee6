import Foundation
import HTTPClient
import Portal
import Postgres
import Tenancy
import Testing
import TestSupport

@Suite struct PortalSessionTests {
    @Test func withoutASessionTheStartPageRedirectsToSignInAndBack() throws {
        try PortalHarness.with { portal in
            let partner = try portal.db.makePartner()
            let response = try portal.browser(for: partner).get("/")
            #expect(response.status == 303)
            #expect(response.headers["Location"] == "/login?next=%2F")
        }
    }

    @Test func anIdleSessionExpiresOnTheInjectedClock() throws {
        try PortalHarness.with({ $0.sessionPolicy = SessionPolicy(idleTimeout: .seconds(600), lastSeenWriteInterval: .seconds(60)) }) { portal in
            let partner = try portal.db.makePartner()
            let user = try portal.makeUser(in: partner)
            let browser = portal.browser(for: partner)
            try portal.logIn(browser, email: user.email)
            portal.clock.advance(by: 540)
            #expect(try browser.get("/").status == 200, "used within the idle timeout, which slides")
            portal.clock.advance(by: 540)
            #expect(try browser.get("/").status == 200)
            portal.clock.advance(by: 601)
            let expired = try browser.get("/")
            #expect(expired.status == 303)
            #expect(expired.headers["Location"] == "/login?next=%2F")
            #expect(browser.setCookie(named: "cp_session")?.contains("Max-Age=0") == true, "the stale cookie is deleted")
        }
    }

    @Test func signingOutRevokesTheSessionAndTheOldCookieNoLongerWorks() throws {
        try PortalHarness.with { portal in
            let partner = try portal.db.makePartner()
            let user = try portal.makeUser(in: partner)
            let browser = portal.browser(for: partner)
            try portal.logIn(browser, email: user.email)
            let cookie = try #require(browser.cookies["cp_session"])
            let home = try browser.get("/")
            let token = try #require(Browser.csrfToken(in: home))

            #expect(try browser.post("/logout", []).status == 403, "no token, no sign-out")
            #expect(try browser.get("/logout").status == 405, "GET never signs out")
            #expect(try portal.db.count("SELECT count(*) FROM sessions WHERE revoked_at IS NULL") == 1)

            let out = try browser.post("/logout", [("_csrf", token)])
            #expect(out.status == 303)
            #expect(out.headers["Location"] == "/login")
            #expect(browser.setCookie(named: "cp_session")?.contains("Max-Age=0") == true)
            #expect(try portal.db.count("SELECT count(*) FROM sessions WHERE revoked_at IS NOT NULL") == 1)
            #expect(try portal.db.count("SELECT count(*) FROM audit_log WHERE action = 'session.revoke'") == 1)

            let replay = portal.browser(for: partner)
            replay.cookies["cp_session"] = cookie
            #expect(try replay.get("/").status == 303)
        }
    }

    @Test func signingInAgainEndsTheSessionTheBrowserStillHeld() throws {
        try PortalHarness.with { portal in
            let partner = try portal.db.makePartner()
            let user = try portal.makeUser(in: partner)
            let browser = portal.browser(for: partner)
            try portal.logIn(browser, email: user.email)
            let first = try #require(browser.cookies["cp_session"])
            try portal.logIn(browser, email: user.email)
            #expect(try #require(browser.cookies["cp_session"]) != first)
            #expect(try portal.db.count("SELECT count(*) FROM sessions WHERE revoked_at IS NULL") == 1)
            #expect(try portal.db.count("SELECT count(*) FROM sessions WHERE revoked_at IS NOT NULL") == 1)
            let replay = portal.browser(for: partner)
            replay.cookies["cp_session"] = first
            #expect(try replay.get("/").status == 303)
        }
    }

    @Test func aCookieFromOnePartnersHostLogsNobodyInOnAnothers() throws {
        try PortalHarness.with { portal in
            let acme = try portal.db.makePartner(name: "Acme")
            let beta = try portal.db.makePartner(name: "Beta")
            let user = try portal.makeUser(in: acme)
            let browser = portal.browser(for: acme)
            try portal.logIn(browser, email: user.email)
            #expect(try browser.get("/").status == 200)

            browser.host = portal.host(of: beta)
            let elsewhere = try browser.get("/")
            #expect(elsewhere.status == 303)
            #expect(elsewhere.headers["Location"] == "/login?next=%2F")
        }
    }

    @Test func pagesCarryTheirPartnersNameAndNoOneElses() throws {
        try PortalHarness.with { portal in
            let acme = try portal.db.makePartner(name: "Acme Integrations")
            _ = try portal.db.makePartner(name: "Beta Systems")
            let page = try portal.browser(for: acme).get("/login")
            #expect(page.text.contains("Acme Integrations"))
            #expect(!page.text.contains("Beta Systems"))
        }
    }
}
