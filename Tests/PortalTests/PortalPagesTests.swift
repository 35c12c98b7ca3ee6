import Foundation
import HTTPClient
import Portal
import Postgres
import Tenancy
import Testing
import TestSupport

/// The signed-in pages over HTTP: what each role sees, forms that keep input and name the
/// field, CSRF on every change, and rows in PostgreSQL after each change.
@Suite struct PortalPagesTests {
    static let adminPages = ["/", "/customers", "/tiers", "/users", "/tokens", "/audit"]

    /// Every shipped theme: their own templates must escape as the default's do.
    @Test(arguments: ["default", "harbour", "orchard"])
    func aCustomerNamedLikeAScriptIsTextOnEveryPageThatShowsIt(theme: String) throws {
        try PortalHarness.with { portal in
            let (browser, partner, _) = try portal.signedIn(.partnerAdmin)
            _ = try portal.db.owner.execute("""
                INSERT INTO partner_branding (partner_id, theme, product_name) VALUES (\(partner.id), \(theme), \(PortalHarness.hostileName))
                """)
            let customer = try portal.makeCustomer(PortalHarness.hostileName, in: partner)
            let pages = Self.adminPages + ["/customers/\(customer.id.uuidString.lowercased())", "/customers?q=script",
                                           "/audit?action=customer.create", "/customers/new", "/tiers/gold", "/settings/branding",
                                           "/no-such-page-\(PortalHarness.hostileName)"]
            for path in pages {
                let page = try browser.get(path.replacingOccurrences(of: "<", with: "%3C").replacingOccurrences(of: ">", with: "%3E"))
                #expect(page.status == (path.hasPrefix("/no-such-page") ? 404 : 200), "\(path)")
                #expect(!page.text.contains("<script"), "\(path)")
                #expect(page.text.contains("theme-\(theme)"), "\(path) wears the partner's theme")
                #expect(page.text.contains(PortalHarness.escapedHostileName), "\(path): the product name, escaped")
            }
            for path in ["/customers", "/customers/\(customer.id.uuidString.lowercased())", "/audit"] {
                #expect(try browser.get(path).text.contains(PortalHarness.escapedHostileName), "\(path) shows the name as text")
            }
        }
    }

    @Test func everyPageMarksItsNavigationEntryAndEveryFormCarriesTheSessionsToken() throws {
        try PortalHarness.with { portal in
            let (browser, _, _) = try portal.signedIn(.partnerAdmin)
            for path in Self.adminPages {
                let page = try browser.get(path).text
                let token = try #require(Browser.hiddenField("_csrf", in: page), "\(path)")
                #expect(page.components(separatedBy: "<form").count - 1 == page.components(separatedBy: #"<input type="hidden" name="_csrf" value="\#(token)">"#).count - 1
                        + page.components(separatedBy: #"method="get""#).count - 1, "\(path): every POST form has the token")
                #expect(page.contains(#"aria-current="page""#), "\(path)")
                #expect(!page.contains("style="), "\(path)")
            }
        }
    }

    @Test func creatingACustomerKeepsTheInputAndNamesTheFieldWhenRefused() throws {
        try PortalHarness.with { portal in
            let (browser, partner, _) = try portal.signedIn(.partnerAdmin)
            let refused = try portal.submit(browser, from: "/customers/new", to: "/customers",
                                            [("name", "   "), ("tier_code", "silver"), ("external_reference", "ERP-77")])
            #expect(refused.status == 422)
            #expect(refused.text.contains(#"<p class="field__error" id="field-name-error">"#))
            #expect(refused.text.contains(#"value="ERP-77""#), "the reference is kept")
            #expect(refused.text.contains(#"<option value="silver" selected>"#), "the tier is kept")
            #expect(try portal.db.count("SELECT count(*) FROM customers WHERE partner_id = \(partner.id)") == 0)

            let created = try portal.submit(browser, from: "/customers/new", to: "/customers",
                                            [("name", "Corner Shop"), ("tier_code", "silver"), ("external_reference", "ERP-77")])
            #expect(created.status == 303)
            let location = try #require(created.headers["Location"])
            #expect(location.hasPrefix("/customers/") && location.hasSuffix("?notice=customer-created"))
            let row = try portal.db.owner.query("SELECT name, tier_code, external_reference FROM customers WHERE partner_id = \(partner.id)")
                .single().decode((String, String, String).self)
            #expect(row == ("Corner Shop", "silver", "ERP-77"))
            let page = try browser.get(location).text
            #expect(page.contains("Corner Shop"))
            #expect(page.contains(#"role="status""#), "the confirmation is shown")
            #expect(page.contains("Production") && page.contains("Sandbox"))
        }
    }

    @Test func aFormWithoutTheSessionsTokenChangesNothing() throws {
        try PortalHarness.with { portal in
            let (browser, partner, _) = try portal.signedIn(.partnerAdmin)
            let customer = try portal.makeCustomer("Corner Shop", in: partner)
            let forged = try browser.post("/customers/\(customer.id.uuidString.lowercased())/status", [("status", "suspended")])
            #expect(forged.status == 403)
            let other = try portal.signedIn(.partnerAdmin).0
            let foreignToken = try #require(Browser.csrfToken(in: try other.get("/customers")))
            let crossSession = try browser.post("/customers/\(customer.id.uuidString.lowercased())/status",
                                                [("_csrf", foreignToken), ("status", "suspended")])
            #expect(crossSession.status == 403, "another session's token is not this session's")
            #expect(try portal.db.count("SELECT count(*) FROM customers WHERE id = \(customer.id) AND status = 'active'") == 1)
        }
    }

    @Test func aPartnerAdminSuspendsReactivatesAndChangesTheTierAndEachIsAudited() throws {
        try PortalHarness.with { portal in
            let (browser, partner, _) = try portal.signedIn(.partnerAdmin)
            let customer = try portal.makeCustomer("Corner Shop", in: partner)
            let page = "/customers/\(customer.id.uuidString.lowercased())"
            #expect(try portal.submit(browser, from: page, to: page + "/status", [("status", "suspended")]).status == 303)
            #expect(try portal.db.count("SELECT count(*) FROM customers WHERE id = \(customer.id) AND status = 'suspended'") == 1)
            #expect(try browser.get(page).text.contains("Reactivate"))
            #expect(try portal.submit(browser, from: page, to: page + "/tier", [("tier_code", "gold")]).status == 303)
            #expect(try portal.db.count("SELECT count(*) FROM customers WHERE id = \(customer.id) AND tier_code = 'gold'") == 1)
            let refused = try portal.submit(browser, from: page, to: page + "/tier", [("tier_code", "platinum")])
            #expect(refused.status == 422)
            #expect(refused.text.contains(#"id="field-tier_code-error""#))
            #expect(try portal.db.count("""
                SELECT count(*) FROM audit_log WHERE partner_id = \(partner.id) AND action IN ('customer.suspend', 'customer.change_tier')
                """) == 2)
        }
    }

    @Test func contactsAreAddedInEscalationOrderAndViewersSeeThemWithoutForms() throws {
        try PortalHarness.with { portal in
            let (admin, partner, _) = try portal.signedIn(.partnerAdmin)
            let customer = try portal.makeCustomer("Corner Shop", in: partner)
            let page = "/customers/\(customer.id.uuidString.lowercased())"
            let refused = try portal.submit(admin, from: page, to: page + "/contacts", [
                ("name", "Jo Night"), ("email", "jo@corner.example"), ("phone", "020 123"), ("role", "escalation"), ("escalation_order", "1"),
            ])
            #expect(refused.status == 422)
            #expect(refused.text.contains(#"id="field-phone-error""#))
            #expect(refused.text.contains(#"value="jo@corner.example""#))
            #expect(try portal.db.count("SELECT count(*) FROM customer_contacts") == 0)
            for (name, email, order) in [("Jo Night", "jo@corner.example", "2"), ("Ann Day", "ann@corner.example", "1")] {
                let added = try portal.submit(admin, from: page, to: page + "/contacts", [
                    ("name", name), ("email", email), ("phone", "+31 20 123 4567"), ("role", "escalation"), ("escalation_order", order),
                ])
                #expect(added.status == 303)
            }
            let shown = try admin.get(page).text
            let ann = try #require(shown.range(of: "Ann Day")), jo = try #require(shown.range(of: "Jo Night"))
            #expect(ann.lowerBound < jo.lowerBound, "escalation order")
            #expect(shown.contains("alerted 1st") && shown.contains("alerted 2nd"))
            let (viewer, _, _) = try portal.signedIn(.customerViewer, partner: partner, customer: customer.id)
            let viewed = try viewer.get(page).text
            #expect(viewed.contains("Ann Day"))
            #expect(!viewed.contains("Remove Ann Day") && !viewed.contains("Add a contact"))
        }
    }

    @Test func theListSearchesAndPagesWithoutLosingTheSearch() throws {
        try PortalHarness.with { portal in
            let (browser, partner, _) = try portal.signedIn(.partnerOperator)
            for index in 1...30 { _ = try portal.makeCustomer(String(format: "Shop %02d", index), in: partner) }
            _ = try portal.makeCustomer("Bakery 100%_", in: partner)
            let first = try browser.get("/customers").text
            #expect(first.components(separatedBy: #"<th scope="row">"#).count - 1 == PortalRoutesPageSize.customers)
            let next = try #require(first.range(of: #"<a href="(/customers\?after=[^"]+)" rel="next""#, options: .regularExpression))
            let nextPath = String(first[next]).replacingOccurrences(of: #"<a href=""#, with: "").components(separatedBy: "\"")[0]
            let second = try browser.get(nextPath.replacingOccurrences(of: "&amp;", with: "&")).text
            #expect(second.components(separatedBy: #"<th scope="row">"#).count - 1 == 31 - PortalRoutesPageSize.customers)
            #expect(second.contains("First page"))
            let search = try browser.get("/customers?q=100%25_").text
            #expect(search.contains("Bakery 100%_"))
            #expect(search.components(separatedBy: #"<th scope="row">"#).count - 1 == 1, "% and _ match themselves")
            #expect(!first.contains("New customer"), "operators do not create customers")
        }
    }

    @Test func aCustomerViewerSeesOnlyTheirOwnCustomer() throws {
        try PortalHarness.with { portal in
            let partner = try portal.db.makePartner()
            let own = try portal.makeCustomer("Own Shop", in: partner)
            let other = try portal.makeCustomer("Other Shop", in: partner)
            let (browser, _, _) = try portal.signedIn(.customerViewer, partner: partner, customer: own.id)
            let start = try browser.get("/")
            #expect(start.status == 303)
            #expect(start.headers["Location"] == "/customers/\(own.id.uuidString.lowercased())")
            let page = try browser.get("/customers/\(own.id.uuidString.lowercased())")
            #expect(page.status == 200)
            #expect(page.text.contains("Own Shop"))
            #expect(!page.text.contains("Change this customer"), "no forms for a viewer")
            #expect(!page.text.contains("Margin"), "no pricing for a viewer")
            #expect(try browser.get("/customers/\(other.id.uuidString.lowercased())").status == 404)
            #expect(!(try browser.get("/customers/\(other.id.uuidString.lowercased())").text.contains("Other Shop")))
            for path in ["/tiers", "/users", "/audit", "/platform/partners", "/customers/new"] {
                #expect(try browser.get(path).status == 403, "\(path)")
            }
            let forbidden = try browser.post("/customers/\(own.id.uuidString.lowercased())/status",
                                             [("_csrf", Browser.csrfToken(in: page) ?? ""), ("status", "suspended")])
            #expect(forbidden.status == 403)
            #expect(try portal.db.count("SELECT count(*) FROM customers WHERE status = 'suspended'") == 0)
        }
    }

    @Test func theTierEditorSchedulesNextMonthAndTheCustomerPageShowsTheNewMargin() throws {
        try PortalHarness.with { portal in
            let partner = try portal.db.makePartner()
            let customer = try portal.makeCustomer("Corner Shop", in: partner, tier: "gold")
            // The platform admin sets the partner's wholesale price on the platform's own host.
            let (platform, _, _) = try portal.signedIn(.platformAdmin, partner: try portal.platformPartner())
            let partnerPage = "/platform/partners/\(partner.id.uuidString.lowercased())"
            let wholesale = try portal.submit(platform, from: partnerPage, to: partnerPage + "/wholesale", [
                ("per_customer_month", "12.50"), ("currency", "EUR"), ("per_thousand_transactions", "0.40"),
            ])
            #expect(wholesale.status == 303)
            let refusedWholesale = try portal.submit(platform, from: partnerPage, to: partnerPage + "/wholesale", [
                ("per_customer_month", "12,50"), ("currency", "EUR"), ("per_thousand_transactions", "0.40"),
            ])
            #expect(refusedWholesale.status == 422)
            #expect(refusedWholesale.text.contains(#"id="field-per_customer_month-error""#))
            #expect(refusedWholesale.text.contains(#"value="12,50""#), "the input is kept")

            // A month on, the wholesale price is in force; the admin edits gold for the month after.
            portal.clock.advance(by: 40 * 86_400)
            let (admin, _, _) = try portal.signedIn(.partnerAdmin, partner: partner)
            let editor = try admin.get("/tiers/gold").text
            var fields = Self.formValues(editor)
            fields["monthly_price"] = "199.00"
            fields["name"] = "Gold Plus"
            let bad = try admin.post("/tiers/gold", fields.merging(["sla_availability": "101"]) { $1 }.map { ($0.key, $0.value) })
            #expect(bad.status == 422)
            #expect(bad.text.contains(#"id="field-sla_availability-error""#))
            #expect(bad.text.contains(#"value="199.00""#), "the new price is kept")
            let saved = try admin.post("/tiers/gold", fields.map { ($0.key, $0.value) })
            #expect(saved.status == 303)
            let tiers = try admin.get("/tiers").text
            #expect(tiers.contains("Gold Plus"))
            #expect(tiers.contains("199.00 EUR a month · margin 186.50 EUR"))
            let page = try admin.get("/customers/\(customer.id.uuidString.lowercased())").text
            #expect(page.contains("199.00 EUR, margin 186.50 EUR"), "next month's margin on the new price")
            #expect(try portal.db.count("SELECT count(*) FROM audit_log WHERE partner_id = \(partner.id) AND action = 'tier.schedule_terms'") == 1)
        }
    }

    @Test func aNewTokenIsShownOnceAndWorksUntilRevoked() throws {
        try PortalHarness.with { portal in
            let (browser, partner, _) = try portal.signedIn(.partnerOperator)
            let created = try portal.submit(browser, from: "/tokens", to: "/tokens",
                                            [("name", "ERP export"), ("scope", "read"), ("lifetime_days", "30")])
            #expect(created.status == 200)
            let plaintext = try #require(created.text.range(of: #"cpt_[A-Za-z0-9_-]+"#, options: .regularExpression).map { String(created.text[$0]) })
            let principal = try portal.db.database.pool.transaction { connection in
                try APITokens.authenticate(bearer: plaintext, now: portal.clock.now, on: connection)
            }
            #expect(principal.partnerID == partner.id)
            let list = try browser.get("/tokens").text
            #expect(list.contains("ERP export"))
            #expect(!list.contains(plaintext), "shown once, never again")
            let tooWide = try portal.submit(browser, from: "/tokens", to: "/tokens",
                                            [("name", "x"), ("scope", "admin"), ("lifetime_days", "30")])
            #expect(tooWide.status == 422, "an operator's tokens cannot reach admin")
            let revoke = try #require(list.range(of: #"/tokens/[0-9a-f-]+/revoke"#, options: .regularExpression).map { String(list[$0]) })
            #expect(try portal.submit(browser, from: "/tokens", to: revoke, []).status == 303)
            #expect(throws: TenancyError.unauthenticated) {
                try portal.db.database.pool.transaction { connection in
                    try APITokens.authenticate(bearer: plaintext, now: portal.clock.now, on: connection)
                }
            }
        }
    }

    @Test func invitingAUserMailsThemALinkToTheirOwnPortal() throws {
        try PortalHarness.with { portal in
            let (browser, partner, _) = try portal.signedIn(.partnerAdmin)
            let refused = try portal.submit(browser, from: "/users", to: "/users",
                                            [("email", "not-an-address"), ("name", "Bo"), ("role", "partner_operator"), ("customer_id", "")])
            #expect(refused.status == 422)
            #expect(refused.text.contains(#"id="field-email-error""#))
            #expect(refused.text.contains(#"value="not-an-address""#))
            let invited = try portal.submit(browser, from: "/users", to: "/users",
                                            [("email", "bo@shop.example"), ("name", "Bo"), ("role", "partner_operator"), ("customer_id", "")])
            #expect(invited.status == 303)
            #expect(try portal.db.count("SELECT count(*) FROM users WHERE partner_id = \(partner.id) AND email = 'bo@shop.example'") == 1)
            let mail = try #require(portal.mailer.sent.last)
            #expect(mail.to == "bo@shop.example")
            #expect(mail.textBody.contains("http://\(portal.host(of: partner))/password/reset?token="))
            #expect(mail.subject == "Set your password for \(partner.name)", "the partner's product, not the platform's")
            #expect(mail.textBody.contains("— \(partner.name)"))
            // The mail is the theme's template in the partner's brand, as text: nothing HTML-escaped.
            _ = try portal.db.owner.execute("""
                INSERT INTO partner_branding (partner_id, theme, product_name, support_email)
                VALUES (\(partner.id), 'orchard', 'Smith & Co <Connect>', 'help@smith.example')
                """)
            _ = try portal.submit(browser, from: "/users", to: "/users",
                                  [("email", "cy@shop.example"), ("name", "Cy"), ("role", "partner_operator"), ("customer_id", "")])
            let branded = try #require(portal.mailer.sent.last)
            #expect(branded.subject == "Set your password for Smith & Co <Connect>")
            #expect(branded.textBody.hasPrefix("Hello Cy,\n"))
            #expect(branded.textBody.contains("— Smith & Co <Connect>\nHelp: help@smith.example"))
            #expect(!branded.textBody.contains("&amp;") && !branded.textBody.contains("&lt;"))
            let platformRole = try portal.submit(browser, from: "/users", to: "/users",
                                                 [("email", "eve@shop.example"), ("name", "Eve"), ("role", "platform_admin")])
            #expect(platformRole.status == 422, "a partner admin cannot make platform admins")
            #expect(try portal.db.count("SELECT count(*) FROM users WHERE email = 'eve@shop.example'") == 0)
        }
    }

    @Test func theAuditLogFiltersAndNamesABadDate() throws {
        try PortalHarness.with { portal in
            let (browser, partner, _) = try portal.signedIn(.partnerAdmin)
            _ = try portal.makeCustomer("Corner Shop", in: partner)
            let filtered = try browser.get("/audit?action=customer.create").text
            #expect(filtered.contains("<code>customer.create</code>"))
            #expect(!filtered.contains("<code>session.create</code>"))
            let bad = try browser.get("/audit?since=30-11-2026").text
            #expect(bad.contains(#"id="field-since-error""#))
            #expect(bad.contains("No entries match."), "a filter that cannot be read does not widen the list")
        }
    }

    @Test func brandingIsPreviewedWithoutSavingThenSavedAndOnlyRealImagesBecomeTheLogo() throws {
        try PortalHarness.with { portal in
            let (browser, partner, _) = try portal.signedIn(.partnerAdmin)
            let fields = [("theme", "harbour"), ("product_name", "Acme Connect"), ("primary_colour", "#8a1538"),
                          ("accent_colour", "#f2a900"), ("support_email", "help@acme.example"),
                          ("support_url", "https://help.acme.example"), ("custom_domain", "")]
            let preview = try portal.submit(browser, from: "/settings/branding", to: "/settings/branding", fields + [("action", "preview")])
            #expect(preview.status == 200)
            #expect(preview.text.contains(#"data-testid="preview-notice""#))
            #expect(preview.text.contains("Acme Connect"), "the page wears the new name")
            #expect(preview.text.contains("primary_colour=%238a1538"), "and the new colours, through the preview stylesheet")
            #expect(try portal.db.count("SELECT count(*) FROM partner_branding WHERE partner_id = \(partner.id) AND product_name = 'Acme Connect'") == 0)

            let refused = try portal.submit(browser, from: "/settings/branding", to: "/settings/branding",
                                            fields.map { $0.0 == "primary_colour" ? ($0.0, "red;}") : $0 } + [("action", "save")])
            #expect(refused.status == 422)
            #expect(refused.text.contains(#"id="field-primary_colour-error""#))
            #expect(refused.text.contains(#"value="help@acme.example""#), "the other fields are kept")

            let saved = try portal.submit(browser, from: "/settings/branding", to: "/settings/branding", fields + [("action", "save")])
            #expect(saved.status == 303)
            #expect(try portal.db.count("""
                SELECT count(*) FROM partner_branding WHERE partner_id = \(partner.id) AND theme = 'harbour'
                  AND product_name = 'Acme Connect' AND primary_colour = '#8a1538'
                """) == 1)
            let dashboard = try browser.get("/").text
            #expect(dashboard.contains("<title>Dashboard · Acme Connect</title>"))
            #expect(dashboard.contains("/assets/harbour/theme.css"))

            let page = try browser.get("/settings/branding")
            let token = try #require(Browser.csrfToken(in: page))
            let svg = Array(#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.utf8)
            let disguised = try browser.postMultipart("/settings/branding/logo", [("_csrf", token)], files: [("logo", "logo.png", "image/png", svg)])
            #expect(disguised.status == 422)
            #expect(disguised.text.contains(#"id="field-logo-error""#))
            #expect(try portal.db.count("SELECT count(*) FROM partner_branding WHERE partner_id = \(partner.id) AND logo IS NOT NULL") == 0)
            let noToken = try browser.postMultipart("/settings/branding/logo", [], files: [("logo", "logo.png", "image/png", TestImages.png())])
            #expect(noToken.status == 403)
            let png = TestImages.png(width: 64, height: 32)
            let uploaded = try browser.postMultipart("/settings/branding/logo", [("_csrf", token)], files: [("logo", "anything.bin", "application/octet-stream", png)])
            #expect(uploaded.status == 303)
            #expect(try portal.db.owner.query("SELECT logo FROM partner_branding WHERE partner_id = \(partner.id)").single()
                .decode([UInt8].self, at: 0) == png)
        }
    }

    @Test func onlyPlatformAdminsReachThePartnerPages() throws {
        try PortalHarness.with { portal in
            let (admin, _, _) = try portal.signedIn(.partnerAdmin)
            #expect(try admin.get("/platform/partners").status == 403)
            let (platform, _, _) = try portal.signedIn(.platformAdmin, partner: try portal.platformPartner())
            #expect(try platform.get("/").headers["Location"] == "/platform/partners")
            let created = try portal.submit(platform, from: "/platform/partners", to: "/platform/partners",
                                            [("name", "Northwind Integrations"), ("slug", "northwind"), ("custom_domain", "")])
            #expect(created.status == 303)
            let list = try platform.get("/platform/partners").text
            #expect(list.contains("Northwind Integrations"))
            #expect(try portal.db.count("""
                SELECT count(*) FROM audit_log WHERE action = 'platform.read' AND target_id = '/platform/partners'
                """) >= 2, "every look across partners is in the platform's log")
            #expect(list.contains("northwind.\(PortalHarness.baseDomain)"))
            let duplicate = try portal.submit(platform, from: "/platform/partners", to: "/platform/partners",
                                              [("name", "Another"), ("slug", "northwind")])
            #expect(duplicate.status == 422)
            #expect(duplicate.text.contains(#"id="field-slug-error""#))
        }
    }

    /// Every `name="…" value="…"` input and selected option of a form, as a browser would post it.
    static func formValues(_ html: String) -> [String: String] {
        var values: [String: String] = [:]
        let name = try! Regex(#" name="([^"]+)""#)
        let value = try! Regex(#" value="([^"]*)""#)
        for tag in html.matches(of: try! Regex(#"<input[^>]*>"#)) {
            let text = String(tag.output[0].substring ?? "")
            guard let field = text.firstMatch(of: name)?.output[1].substring else { continue }
            values[String(field)] = text.firstMatch(of: value)?.output[1].substring.map { decodeEntities(String($0)) } ?? ""
        }
        let selects = try! Regex(#"<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>"#).dotMatchesNewlines()
        for match in html.matches(of: selects) {
            let field = String(match.output[1].substring ?? "")
            let options = String(match.output[2].substring ?? "")
            if let selected = options.firstMatch(of: try! Regex(#"<option value="([^"]*)" selected>"#)) {
                values[field] = String(selected.output[1].substring ?? "")
            }
        }
        return values
    }

    static func decodeEntities(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// The page sizes the tests count against.
enum PortalRoutesPageSize {
    static let customers = 25
}
