import HTTPClient
import Portal
import Postgres
import Tenancy
import Testing
import TestSupport

@Suite struct PortalHostTests {
    @Test func anUnknownHostGetsANeutral404WithoutAnyPartnersName() throws {
        try PortalHarness.with { portal in
            _ = try portal.db.makePartner(name: "Acme Integrations")
            for host in ["nobody.\(PortalHarness.baseDomain)", "shop.elsewhere.example", "127.0.0.1"] {
                let page = try portal.browser(host: host).get("/login")
                #expect(page.status == 404, "\(host)")
                #expect(page.text.contains("There is no portal at this address"))
                #expect(!page.text.contains("Acme"))
                #expect(!page.text.contains("Counterpart"), "not even the platform's brand")
                #expect(page.headers["Set-Cookie"] == nil)
            }
        }
    }

    @Test func aSuspendedPartnersHostIsNotAvailableAndRefusesSignIn() throws {
        try PortalHarness.with { portal in
            let partner = try portal.db.makePartner(name: "Acme Integrations")
            let user = try portal.makeUser(in: partner)
            let browser = portal.browser(for: partner)
            let form = try browser.get("/login")
            let token = try #require(Browser.csrfToken(in: form))
            _ = try portal.db.owner.execute("UPDATE partners SET status = 'suspended' WHERE id = \(partner.id)")

            let page = try browser.get("/login")
            #expect(page.status == 503)
            #expect(page.text.contains("This portal is not available"))
            #expect(!page.text.contains("Acme"))
            let attempt = try browser.post("/login", [("_csrf", token), ("email", user.email),
                                                      ("password", PortalHarness.password)])
            #expect(attempt.status == 503)
            #expect(browser.cookies["cp_session"] == nil)
            #expect(try portal.db.count("SELECT count(*) FROM sessions") == 0)
        }
    }

    @Test(arguments: [
        ("custom domain", "portal.acme-shop.example", true),
        ("custom domain, mixed case", "Portal.ACME-Shop.Example", true),
        ("custom domain with a port", "portal.acme-shop.example:8443", true),
        ("custom domain, absolute form", "portal.acme-shop.example.", true),
        ("subdomain", "acme.\(PortalHarness.baseDomain)", true),
        ("subdomain, mixed case with a port", "ACME.Portal.Test:8080", true),
        ("unknown subdomain", "acmee.\(PortalHarness.baseDomain)", false),
        ("unknown domain", "portal.acme-shop.example.evil.example", false),
        ("deeper subdomain", "x.acme.\(PortalHarness.baseDomain)", false),
    ])
    func theHostSelectsThePartnerByCustomDomainOrSubdomain(_ description: String, _ host: String, _ isAcme: Bool) throws {
        try PortalHarness.with { portal in
            let acme = try portal.db.makePartner(slug: "acme", name: "Acme Integrations")
            _ = try portal.db.makePartner(slug: "beta", name: "Beta Systems")
            _ = try portal.db.owner.execute("UPDATE partners SET custom_domain = 'portal.acme-shop.example' WHERE id = \(acme.id)")
            let page = try portal.browser(host: host).get("/login")
            if isAcme {
                #expect(page.status == 200, "\(description)")
                #expect(page.text.contains("Acme Integrations"), "\(description)")
            } else {
                #expect(page.status == 404, "\(description)")
                #expect(!page.text.contains("Acme"), "\(description)")
            }
            #expect(!page.text.contains("Beta Systems"), "\(description)")
        }
    }

    @Test func everyPortalAnswerCarriesTheSecurityHeaders() throws {
        try PortalHarness.with { portal in
            let partner = try portal.db.makePartner()
            let browser = portal.browser(for: partner)
            let answers = [try browser.get("/login"), try browser.get("/"), try portal.browser(host: "x.example").get("/"),
                           try browser.post("/login", [])]
            #expect(answers.map(\.status) == [200, 303, 404, 403])
            for response in answers {
                let policy = try #require(response.headers["Content-Security-Policy"])
                #expect(!policy.contains("unsafe-inline"))
                #expect(policy.contains("frame-ancestors 'none'"))
                #expect(policy.contains("script-src 'self'"))
                #expect(response.headers["X-Content-Type-Options"] == "nosniff")
                #expect(response.headers["Referrer-Policy"] == "same-origin")
                #expect(response.headers["X-Frame-Options"] == "DENY")
                #expect(response.headers["Cache-Control"] == "no-store")
            }
        }
    }
}
