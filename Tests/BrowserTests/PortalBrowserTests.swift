import Foundation
import HTTPClient
import Testing
import TestSupport

/// Two partners on two hosts in headless Chromium, against the real `counterpart serve`: each
/// brands its portal (theme, name, colour, uploaded logo) through the pages, and every page
/// then shows its own brand and nothing of the other's. The platform admin sets wholesale
/// prices; a partner admin changes a tier's price in the editor and the customer page shows
/// the new margin. Screenshots of every page land in `$COUNTERPART_ARTIFACTS/browser/`.
///
/// Needs Debian's `chromium` and `chromium-driver` (`deploy/local/setup.sh tests`); skipped
/// without them unless `COUNTERPART_REQUIRE_BROWSER=1` (as `make test` sets), which turns a
/// missing browser into a failure.
@Suite(.serialized, .enabled(if: BrowserEnvironment.shouldRun))
struct PortalBrowserTests {
    struct PartnerBrand {
        let slug: String
        let company: String
        let product: String
        let theme: String
        let colour: String
        /// `colour` as the browser computes it.
        let rgb: String
        let logoSize: Int
        let logoRGB: (UInt8, UInt8, UInt8)
        /// Gold at 199.00 less the wholesale price set below.
        let wholesale: String
        let nextMargin: String
    }

    static let acme = PartnerBrand(slug: "acme", company: "Acme Integrations", product: "Acme Connect", theme: "harbour",
                                   colour: "#8a1538", rgb: "rgb(138, 21, 56)", logoSize: 64, logoRGB: (0xf2, 0xa9, 0x00),
                                   wholesale: "12.50", nextMargin: "186.50 EUR")
    static let beta = PartnerBrand(slug: "beta", company: "Beta Systems", product: "Beta Retail Hub", theme: "orchard",
                                   colour: "#0b6e3a", rgb: "rgb(11, 110, 58)", logoSize: 48, logoRGB: (0x0b, 0x6e, 0x3a),
                                   wholesale: "10.00", nextMargin: "189.00 EUR")
    static let password = "browser tests \(UUID().uuidString.prefix(8))"

    @Test(.timeLimit(.minutes(10))) // a guard against a hang, not a speed test
    func twoPartnersEachSeeOnlyTheirOwnBrandAndTheTierEditorChangesTheMargin() throws {
        try BrowserEnvironment.requireBrowser()
        try TenantTestDatabase.withSchema { db in
            let server = try ServedProduct(databaseURL: db.applicationURL)
            defer { server.stop() }
            for partner in [Self.acme, Self.beta] {
                try server.command(["partner", "add", "--slug", partner.slug, "--name", partner.company])
                try server.command(["user", "add", "--partner", partner.slug, "--email", "admin@\(partner.slug).example",
                                    "--name", "\(partner.company) Admin", "--role", "partner_admin", "--password-stdin"],
                                   input: Self.password + "\n")
            }
            try server.command(["user", "add", "--partner", "platform", "--email", "ops@platform.example", "--name", "Platform Ops",
                                "--role", "platform_admin", "--password-stdin"], input: Self.password + "\n")
            let browser = try WebDriver(resolving: ServedProduct.baseDomain)
            defer { browser.quit() }
            let shots = try BrowserEnvironment.artifacts()

            // The platform admin sets each partner's wholesale price (from next month).
            try signIn(browser, server.url("platform", "/login"), email: "ops@platform.example")
            for partner in [Self.acme, Self.beta] {
                try browser.open(server.url("platform", "/platform/partners"))
                try browser.open(try browser.link(named: partner.company))
                try browser.type(partner.wholesale, into: "#field-per_customer_month")
                try browser.type("0.40", into: "#field-per_thousand_transactions")
                try browser.submit("form[action$=\"/wholesale\"] button[type=submit]")
                #expect(try browser.text("[role=status]").contains("wholesale price was saved"))
            }
            try save(browser, shots, "platform-partner")

            for partner in [Self.acme, Self.beta] {
                try brand(partner, browser: browser, server: server, shots: shots)
            }
            for partner in [Self.acme, Self.beta] {
                let other = partner.slug == Self.acme.slug ? Self.beta : Self.acme
                try walk(partner, other: other, browser: browser, server: server, shots: shots)
            }
        }
    }

    /// Signs in as the partner's admin, brands the portal, creates a customer on gold, raises
    /// gold's price in the tier editor and checks the customer page's new margin.
    private func brand(_ partner: PartnerBrand, browser: WebDriver, server: ServedProduct, shots: URL) throws {
        try signIn(browser, server.url(partner.slug, "/login"), email: "admin@\(partner.slug).example")
        try browser.open(server.url(partner.slug, "/settings/branding"))
        try browser.choose(partner.theme, in: "#field-theme")
        try browser.type(partner.product, into: "#field-product_name")
        // A colour input takes its value from a picker, which WebDriver cannot type into.
        _ = try browser.run("document.getElementById('field-primary_colour').value = '\(partner.colour)'")
        try browser.type("help@\(partner.slug).example", into: "#field-support_email")
        try browser.submit("button[value=preview]")
        #expect(try browser.text("[data-testid=preview-notice]").contains("nothing is saved"))
        let previewColour = try browser.css(Self.headerColourProperty(partner), of: ".site-header")
        #expect(Self.channels(previewColour) == Self.channels(partner.rgb), "the preview wears the colour: \(previewColour)")
        try save(browser, shots, "\(partner.slug)-branding-preview")
        try browser.submit("button[value=save]")
        #expect(try browser.text("[role=status]").contains("branding was saved"))

        let logo = shots.appendingPathComponent("\(partner.slug)-logo.png")
        try Data(TestImages.png(width: partner.logoSize, height: partner.logoSize, rgb: partner.logoRGB)).write(to: logo)
        try browser.type(logo.path, into: "#field-logo")
        try browser.submit("form[action$=\"/logo\"] button[type=submit]")
        #expect(try browser.text("[role=status]").contains("branding was saved"))

        try browser.open(server.url(partner.slug, "/customers/new"))
        try browser.type("Corner Shop of \(partner.company)", into: "#field-name")
        try browser.choose("gold", in: "#field-tier_code")
        try browser.submit("form[action=\"/customers\"] button[type=submit]")
        #expect(try browser.text("h1").contains("Corner Shop"))
        let customerURL = try browser.currentURL().components(separatedBy: "?")[0]

        try browser.open(server.url(partner.slug, "/tiers/gold"))
        try browser.type("199.00", into: "#field-monthly_price")
        try browser.submit("form[action=\"/tiers/gold\"] button[type=submit]")
        #expect(try browser.text("[data-testid=tier-next-price-gold]").contains("199.00 EUR a month"))
        try browser.open(customerURL)
        #expect(try browser.text("[data-testid=customer-next-margin]") == "199.00 EUR, margin \(partner.nextMargin)")
    }

    /// Every main page of the partner's portal shows its name, logo and colour, and nothing of
    /// the other partner; a screenshot of each is kept.
    private func walk(_ partner: PartnerBrand, other: PartnerBrand, browser: WebDriver, server: ServedProduct, shots: URL) throws {
        try signIn(browser, server.url(partner.slug, "/login"), email: "admin@\(partner.slug).example")
        for (name, path) in [("dashboard", "/"), ("customers", "/customers"), ("tiers", "/tiers"), ("users", "/users"),
                             ("tokens", "/tokens"), ("audit", "/audit"), ("branding", "/settings/branding")] {
            try browser.open(server.url(partner.slug, path))
            try save(browser, shots, "\(partner.slug)-\(name)")
            #expect(try browser.text(".brand__name") == partner.product, "\(partner.slug) \(path)")
            #expect(try (browser.run("return document.title") as? String ?? "").hasSuffix("· \(partner.product)"))
            let colour = try browser.css(Self.headerColourProperty(partner), of: ".site-header")
            #expect(Self.channels(colour) == Self.channels(partner.rgb), "\(partner.slug) \(path): the partner's colour, not \(colour)")
            #expect(try browser.run("return document.body.className") as? String == "theme-\(partner.theme)")
            let logo = try browser.run("""
                const logo = document.querySelector('.brand__logo');
                return [logo.getAttribute('src'), logo.complete, logo.naturalWidth];
                """) as? [Any]
            #expect((logo?[0] as? String)?.hasPrefix("/brand/logo?v=") == true, "\(partner.slug) \(path): the uploaded logo")
            #expect(logo?[2] as? Int == partner.logoSize, "\(partner.slug) \(path): the logo loaded from our origin")
            let source = try browser.source()
            #expect(!source.contains(other.product) && !source.contains(other.company) && !source.contains(other.colour),
                    "\(partner.slug) \(path) shows nothing of \(other.slug)")
        }
        // The customer page with its margin, last.
        try browser.open(server.url(partner.slug, "/customers"))
        try browser.submit("tbody a")
        #expect(try browser.text("[data-testid=customer-tier]") == "Gold")
        try save(browser, shots, "\(partner.slug)-customer")
        try browser.submit("form[action=\"/logout\"] button")
        _ = try browser.find("form[action=\"/login\"]")
    }

    private func signIn(_ browser: WebDriver, _ url: String, email: String) throws {
        try browser.open(url)
        try browser.type(email, into: "#field-email")
        try browser.type(Self.password, into: "#field-password")
        try browser.submit("form[action=\"/login\"] button[type=submit]")
        _ = try browser.find("nav.site-nav")
    }

    private func save(_ browser: WebDriver, _ folder: URL, _ name: String) throws {
        try browser.screenshot().write(to: folder.appendingPathComponent("\(name).png"))
    }

    /// The red, green and blue of a computed CSS colour, `rgb(…)` or `rgba(…, 1)` as browsers
    /// differ in which they report for an opaque colour.
    static func channels(_ colour: String) -> [Int] {
        Array(colour.split { !$0.isNumber }.compactMap { Int($0) }.prefix(3))
    }

    /// Where the theme puts the primary colour on the header: harbour fills the band with it,
    /// orchard draws it as the top edge of a light header.
    static func headerColourProperty(_ partner: PartnerBrand) -> String {
        partner.theme == "orchard" ? "border-top-color" : "background-color"
    }
}
