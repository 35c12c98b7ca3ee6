import Foundation
import HTTP
import Logging
import Portal
import Tenancy
import Testing
import TestSupport

/// `/brand.css`, `/brand/logo` and `/favicon.ico`, and the pages that link them, answered per
/// host through the router as App wires it: each partner gets its own colours, logo and name,
/// and a host that names nobody gets the neutral default — never someone else's brand.
@Suite struct BrandingRoutesTests {
    static let baseDomain = "portal.test"
    static let rules = BrandingRules(themeNames: ["default", "harbour", "orchard"], baseDomain: baseDomain)

    /// The portal's routes and the branding routes over a migrated schema, without sockets.
    struct Site {
        let db: TenantTestDatabase
        let router: Router
        let catalog: ThemeCatalog

        func get(_ target: String, host: String, headers extra: HTTPHeaders = [:]) -> Response {
            var headers = extra
            headers.add("Host", host)
            var request = Request(method: .get, target: target, headers: headers)
            request.remoteAddress = "192.0.2.20:50000"
            return router.respond(to: request)
        }

        func brand(_ partner: Partner, _ settings: BrandingSettings) throws {
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            _ = try db.asCaller(admin) { try PartnerBrandings.update(settings, rules: BrandingRoutesTests.rules, by: $1, on: $0) }
        }

        func setLogo(_ partner: Partner, _ bytes: [UInt8]) throws {
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            _ = try db.asCaller(admin) { try PartnerBrandings.setLogo(try LogoImage(bytes: bytes), by: $1, on: $0) }
        }
    }

    static func with(_ body: (Site) throws -> Void) throws {
        try TenantTestDatabase.withSchema { db in
            var logger = Logger(label: "branding-tests")
            logger.logLevel = .critical
            let router = Router(logger: logger)
            router.use(RequestIDMiddleware())
            router.use(SecurityHeadersMiddleware())
            let catalog = try ThemeCatalog(themesDirectory: repositoryThemes)
            let configuration = PortalConfiguration(baseDomain: baseDomain, publicURL: "http://\(baseDomain)")
            PortalRoutes(configuration: configuration, database: db.database, templates: catalog.defaultTemplates,
                         hasher: TenantTestDatabase.fastHasher, mailer: RecordingMailer(), logger: logger).register(on: router)
            BrandingRoutes(catalog: catalog, database: db.database, baseDomain: baseDomain).register(on: router)
            try body(Site(db: db, router: router, catalog: catalog))
        }
    }

    private static func text(_ response: Response) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test func eachPartnersStylesheetCarriesOnlyItsOwnColours() throws {
        try Self.with { site in
            let acme = try site.db.makePartner(slug: "acme"), beta = try site.db.makePartner(slug: "beta")
            try site.brand(acme, BrandingSettings(theme: "harbour", primaryColour: "#aa1122", accentColour: "#33cc44"))
            try site.brand(beta, BrandingSettings(theme: "orchard", primaryColour: "#0055ff"))

            let acmeCSS = site.get("/brand.css", host: "acme.\(Self.baseDomain)")
            #expect(acmeCSS.status == .ok)
            #expect(acmeCSS.headers["Content-Type"] == "text/css; charset=utf-8")
            #expect(acmeCSS.headers["Cache-Control"] == "public, max-age=300")
            let acmeText = Self.text(acmeCSS)
            #expect(acmeText.contains("--primary: #aa1122;") && acmeText.contains("--accent: #33cc44;"))
            #expect(acmeText.contains("Georgia"), "harbour's serif headings")
            #expect(!acmeText.contains("#0055ff"))

            let betaText = Self.text(site.get("/brand.css", host: "BETA.\(Self.baseDomain):8080"))
            #expect(betaText.contains("--primary: #0055ff;"))
            #expect(!betaText.contains("#aa1122") && !betaText.contains("#33cc44"))

            for host in ["nobody.\(Self.baseDomain)", "elsewhere.example", "127.0.0.1"] {
                let neutral = Self.text(site.get("/brand.css", host: host))
                #expect(neutral.contains("--primary: #1f4e79;"), "\(host): the default theme's colour")
                #expect(!neutral.contains("#aa1122") && !neutral.contains("#0055ff"), "\(host)")
            }
        }
    }

    @Test func textOnAPartnersColourIsChosenForContrast() throws {
        try Self.with { site in
            let pale = try site.db.makePartner(slug: "pale")
            try site.brand(pale, BrandingSettings(primaryColour: "#ffeb3b"))
            let css = Self.text(site.get("/brand.css", host: "pale.\(Self.baseDomain)"))
            #expect(css.contains("--on-primary: #111111;"))
            #expect(css.contains("--link: #1b1f24;"), "a pale primary is unreadable as link text on a light page")
        }
    }

    @Test func theStylesheetAnswers304ForItsETag() throws {
        try Self.with { site in
            let acme = try site.db.makePartner(slug: "acme")
            let first = site.get("/brand.css", host: "acme.\(Self.baseDomain)")
            let etag = try #require(first.headers["ETag"])
            let again = site.get("/brand.css", host: "acme.\(Self.baseDomain)", headers: ["If-None-Match": etag])
            #expect(again.status == .notModified && again.body.isEmpty)
            try site.brand(acme, BrandingSettings(primaryColour: "#123456"))
            let changed = site.get("/brand.css", host: "acme.\(Self.baseDomain)", headers: ["If-None-Match": etag])
            #expect(changed.status == .ok)
            #expect(changed.headers["ETag"] != etag)
        }
    }

    @Test func pagesLinkTheirThemeAndStylesheetAndShowOnlyTheirOwnBrand() throws {
        try Self.with { site in
            let acme = try site.db.makePartner(slug: "acme", name: "Acme Registered")
            _ = try site.db.makePartner(slug: "beta", name: "Beta Registered")
            try site.brand(acme, BrandingSettings(theme: "harbour", productName: "Acme Connect", primaryColour: "#aa1122",
                                                  supportEmail: "help@acme.example"))
            let page = Self.text(site.get("/login", host: "acme.\(Self.baseDomain)"))
            let css = Self.text(site.get("/brand.css", host: "acme.\(Self.baseDomain)"))
            let version = BrandStylesheet(manifest: site.catalog.themes["harbour"]!.manifest,
                                          branding: PartnerHost.Branding(theme: "harbour", productName: "Acme Connect",
                                                                         primaryColour: "#aa1122",
                                                                         supportEmail: "help@acme.example")).version
            #expect(css == BrandStylesheet(manifest: site.catalog.themes["harbour"]!.manifest,
                                           branding: PartnerHost.Branding(theme: "harbour", primaryColour: "#aa1122")).css)
            #expect(page.contains(#"href="/brand.css?v=\#(version)""#))
            #expect(page.contains(#"href="/assets/harbour/theme.css""#))
            #expect(page.contains("Acme Connect") && page.contains("help@acme.example"))
            #expect(page.contains("harbour-header"))
            #expect(!page.contains("Acme Registered"))

            let beta = Self.text(site.get("/login", host: "beta.\(Self.baseDomain)"))
            #expect(beta.contains("Beta Registered") && beta.contains(#"href="/assets/default/theme.css""#))
            #expect(!beta.contains("Acme") && !beta.contains("help@acme.example"))

            let unknown = site.get("/login", host: "nobody.\(Self.baseDomain)")
            #expect(unknown.status == .notFound)
            #expect(!Self.text(unknown).contains("Acme") && !Self.text(unknown).contains("<img"))
        }
    }

    @Test func anUploadedLogoIsServedByteForByteWithItsTypeAndETag() throws {
        try Self.with { site in
            let acme = try site.db.makePartner(slug: "acme")
            let png = TestImages.png(width: 40, height: 20)
            try site.setLogo(acme, png)
            let logo = site.get("/brand/logo", host: "acme.\(Self.baseDomain)")
            #expect(logo.status == .ok)
            #expect(logo.body == png)
            #expect(logo.headers["Content-Type"] == "image/png")
            #expect(logo.headers["X-Content-Type-Options"] == "nosniff")
            #expect(logo.headers["Content-Disposition"] == "inline")
            let sha = try LogoImage(bytes: png).sha256
            #expect(logo.headers["ETag"] == "\"\(sha)\"")
            #expect(site.get("/brand/logo", host: "acme.\(Self.baseDomain)", headers: ["If-None-Match": "\"\(sha)\""]).status
                == .notModified)
            let page = Self.text(site.get("/login", host: "acme.\(Self.baseDomain)"))
            #expect(page.contains(#"src="/brand/logo?v=\#(sha.prefix(16))""#))
        }
    }

    @Test func withoutAnUploadTheLogoAndFaviconRedirectToTheThemesOwn() throws {
        try Self.with { site in
            let acme = try site.db.makePartner(slug: "acme")
            try site.brand(acme, BrandingSettings(theme: "orchard"))
            let logo = site.get("/brand/logo", host: "acme.\(Self.baseDomain)")
            #expect(logo.status == .found && logo.headers["Location"] == "/assets/orchard/logo.svg")
            let favicon = site.get("/favicon.ico", host: "acme.\(Self.baseDomain)")
            #expect(favicon.status == .found && favicon.headers["Location"] == "/assets/orchard/favicon.png")
            // A host that names nobody has no logo to show.
            #expect(site.get("/brand/logo", host: "nobody.\(Self.baseDomain)").status == .notFound)
            #expect(site.get("/favicon.ico", host: "nobody.\(Self.baseDomain)").status == .notFound)
        }
    }

    @Test func aSuspendedPartnersHostGetsTheNeutralStylesheet() throws {
        try Self.with { site in
            let acme = try site.db.makePartner(slug: "acme")
            try site.brand(acme, BrandingSettings(primaryColour: "#aa1122"))
            try site.setLogo(acme, TestImages.png())
            _ = try site.db.owner.execute("UPDATE partners SET status = 'suspended' WHERE id = \(acme.id)")
            #expect(!Self.text(site.get("/brand.css", host: "acme.\(Self.baseDomain)")).contains("#aa1122"))
            #expect(site.get("/brand/logo", host: "acme.\(Self.baseDomain)").status == .notFound)
        }
    }
}

/// The branding page's preview: unsaved settings rendered through their own stylesheet.
@Suite struct BrandingPreviewTests {
    @Test func aPreviewShowsUnsavedSettingsThroughThePreviewStylesheet() throws {
        try BrandingRoutesTests.with { site in
            let acme = try site.db.makePartner(slug: "acme")
            let settings = try BrandingSettings(theme: "orchard", productName: "Acme Next", primaryColour: "#AA1122")
                .validated(BrandingRoutesTests.rules)
            let match = PartnerHost.Match(id: acme.id, kind: .reseller, slug: "acme", name: acme.name, status: .active)
            let preview = site.catalog.defaultTemplates.preview(settings, for: match)
            let html = try preview.render(.login, LoginView(csrfToken: "t"))
            #expect(html.contains("Acme Next") && html.contains("orchard-footer"))
            #expect(html.contains(#"href="/brand/preview.css?theme=orchard&amp;primary_colour=%23aa1122""#))

            let css = site.get("/brand/preview.css?theme=orchard&primary_colour=%23aa1122", host: "anything.example")
            #expect(css.status == .ok)
            #expect(String(decoding: css.body, as: UTF8.self).contains("--primary: #aa1122;"))
            // Nothing was saved: the partner's own stylesheet is unchanged.
            #expect(!String(decoding: site.get("/brand.css", host: "acme.\(BrandingRoutesTests.baseDomain)").body, as: UTF8.self)
                .contains("#aa1122"))
            for bad in ["?theme=neon", "?primary_colour=red;%7D", "?accent_colour=%23abc"] {
                #expect(site.get("/brand/preview.css\(bad)", host: "x.example").status == .badRequest, "\(bad)")
            }
        }
    }
}
