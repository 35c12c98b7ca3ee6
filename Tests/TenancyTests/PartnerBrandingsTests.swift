import Foundation
import Postgres
import Testing
@testable import Tenancy
import TestSupport

/// A partner's branding: validated field by field, stored with the custom domain, audited, and
/// found again by the host lookup — for that partner only.
@Suite struct PartnerBrandingsTests {
    static let rules = BrandingRules(themeNames: ["default", "harbour", "orchard"], baseDomain: "portal.example")

    static let full = BrandingSettings(theme: "harbour", productName: "  Acme Connect ", primaryColour: "#0A3D62",
                                       accentColour: "#e58e26", supportEmail: "help@acme.example",
                                       supportURL: "https://help.acme.example/portal", customDomain: "Portal.Acme.Example")

    private func problems(_ settings: BrandingSettings, rules: BrandingRules = PartnerBrandingsTests.rules) -> [FieldProblem] {
        do {
            _ = try settings.validated(rules)
            return []
        } catch {
            guard case .invalid(let problems) = error else { return [] }
            return problems
        }
    }

    @Test func validationNormalisesWhatItAccepts() throws {
        let checked = try Self.full.validated(Self.rules)
        #expect(checked.productName == "Acme Connect")
        #expect(checked.primaryColour == "#0a3d62")
        #expect(checked.customDomain == "portal.acme.example")
        let blank = try BrandingSettings(productName: " ", primaryColour: "", supportURL: "", customDomain: "").validated(Self.rules)
        #expect(blank == BrandingSettings())
    }

    @Test(arguments: ["red;}", "red", "#12345", "#1234567", "#12345g", "#fff", "url(x)", "#12 456", "0x123456"])
    func aColourThatIsNotHashSixHexDigitsIsRefusedNamingTheField(colour: String) {
        #expect(problems(BrandingSettings(primaryColour: colour)).map(\.field) == ["primary_colour"])
        #expect(problems(BrandingSettings(accentColour: colour)).map(\.field) == ["accent_colour"])
    }

    @Test func everyBadFieldIsNamedAtOnce() {
        let bad = BrandingSettings(theme: "neon", productName: String(repeating: "x", count: 81), primaryColour: "blue",
                                   supportEmail: "not an address", supportURL: "http://help.example",
                                   customDomain: "acme.portal.example")
        #expect(problems(bad).map(\.field) == ["theme", "product_name", "primary_colour", "support_email", "support_url",
                                               "custom_domain"])
    }

    @Test(arguments: ["http://help.example", "https://", "https:///path", "javascript:alert(1)", "https://user:pw@help.example",
                      "https://help.example/a b", "ftp://help.example", "//help.example"])
    func aSupportURLMustBeHTTPSWithAHost(url: String) {
        #expect(problems(BrandingSettings(supportURL: url)).map(\.field) == ["support_url"])
    }

    @Test(arguments: ["portal.example", "acme.portal.example", "a.b.portal.example", "localhost", "bad_domain.example",
                      "-x.example", "x..example"])
    func aCustomDomainMustBeAHostNameOutsideTheBaseDomain(domain: String) {
        #expect(problems(BrandingSettings(customDomain: domain)).map(\.field) == ["custom_domain"])
    }

    @Test func aProductNameWithControlCharactersIsRefused() {
        #expect(problems(BrandingSettings(productName: "Acme\u{0007}")).map(\.field) == ["product_name"])
    }

    @Test func aPartnerWithoutBrandingReadsTheDefaults() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let branding = try db.asCaller(admin) { connection, _ in try PartnerBrandings.get(partner.id, on: connection) }
            #expect(branding.settings == BrandingSettings())
            #expect(branding.logoSHA256 == nil && branding.updatedAt == nil)
        }
    }

    @Test func anUpdateIsStoredAuditedAndFoundByTheHostLookup() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner(slug: "acme")
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let saved = try db.asCaller(admin) { try PartnerBrandings.update(Self.full, rules: Self.rules, by: $1, on: $0) }
            #expect(saved.settings == (try Self.full.validated(Self.rules)))

            let (action, before, after) = try db.owner.query("""
                SELECT action, before->'settings'->>'theme', after->'settings'->>'primary_colour' FROM audit_log
                WHERE partner_id = \(partner.id) AND target_type = 'partner_branding'
                """).single().decode((String, String, String).self)
            #expect(action == "branding.update" && before == "default" && after == "#0a3d62")

            try db.database.pool.withConnection { (connection) throws -> Void in
                let byDomain = try PartnerHost(host: "PORTAL.acme.example:443", baseDomain: "portal.example")?.partner(on: connection)
                #expect(byDomain?.id == partner.id)
                #expect(byDomain?.branding == saved.hostBranding)
                #expect(byDomain?.branding.productName == "Acme Connect")
                let bySlug = try PartnerHost(host: "acme.portal.example", baseDomain: "portal.example")?.partner(on: connection)
                #expect(bySlug?.branding.theme == "harbour")
            }
        }
    }

    @Test func invalidSettingsWriteNothing() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            #expect(throws: TenancyError.self) {
                try db.asCaller(admin) {
                    try PartnerBrandings.update(BrandingSettings(primaryColour: "red;}"), rules: Self.rules, by: $1, on: $0)
                }
            }
            #expect(try db.count("SELECT count(*) FROM partner_branding") == 0)
            #expect(try db.count("SELECT count(*) FROM audit_log WHERE action LIKE 'branding.%'") == 0)
        }
    }

    @Test func anotherPartnersCustomDomainIsAConflictOnTheField() throws {
        try TenantTestDatabase.withSchema { db in
            let first = try db.makePartner(), second = try db.makePartner()
            let firstAdmin = try db.makeUser(.partnerAdmin, partner: first.id)
            let secondAdmin = try db.makeUser(.partnerAdmin, partner: second.id)
            let settings = BrandingSettings(customDomain: "portal.shared.example")
            _ = try db.asCaller(firstAdmin) { try PartnerBrandings.update(settings, rules: Self.rules, by: $1, on: $0) }
            #expect(throws: TenancyError.conflict(FieldProblem(field: "custom_domain", message: "is already used by another partner"))) {
                try db.asCaller(secondAdmin) { try PartnerBrandings.update(settings, rules: Self.rules, by: $1, on: $0) }
            }
            #expect(try db.count("SELECT count(*) FROM partner_branding WHERE partner_id = \(second.id)") == 0)
        }
    }

    @Test func aLogoIsStoredReadBackAndRemovedWithAuditRows() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let logo = try LogoImage(bytes: TestImages.png(width: 64, height: 32))
            let withLogo = try db.asCaller(admin) { try PartnerBrandings.setLogo(logo, by: $1, on: $0) }
            #expect(withLogo.logoSHA256 == logo.sha256 && withLogo.logoContentType == "image/png")
            let stored = try db.asCaller(admin) { connection, _ in try PartnerBrandings.logo(of: partner.id, on: connection) }
            #expect(stored == PartnerBrandings.StoredLogo(bytes: logo.bytes, contentType: "image/png", sha256: logo.sha256))

            let removed = try db.asCaller(admin) { try PartnerBrandings.removeLogo(by: $1, on: $0) }
            #expect(removed.logoSHA256 == nil)
            #expect(try db.asCaller(admin) { connection, _ in try PartnerBrandings.logo(of: partner.id, on: connection) } == nil)
            #expect(throws: TenancyError.notFound("logo")) { try db.asCaller(admin) { try PartnerBrandings.removeLogo(by: $1, on: $0) } }
            let actions = try db.owner.query("""
                SELECT action FROM audit_log WHERE partner_id = \(partner.id) AND action LIKE 'branding.%' ORDER BY id
                """).decode(String.self, column: "action")
            #expect(actions == ["branding.logo_set", "branding.logo_remove"])
        }
    }

    @Test func oneHostNeverShowsAnotherPartnersBrand() throws {
        try TenantTestDatabase.withSchema { db in
            let acme = try db.makePartner(slug: "acme"), beta = try db.makePartner(slug: "beta")
            let acmeAdmin = try db.makeUser(.partnerAdmin, partner: acme.id)
            _ = try db.asCaller(acmeAdmin) {
                try PartnerBrandings.update(BrandingSettings(productName: "Acme Only", primaryColour: "#aa0000"), rules: Self.rules,
                                            by: $1, on: $0)
            }
            try db.database.pool.withConnection { (connection) throws -> Void in
                let found = try PartnerHost(host: "beta.portal.example", baseDomain: "portal.example")?.partner(on: connection)
                #expect(found?.id == beta.id)
                #expect(found?.branding == PartnerHost.Branding())
            }
            // Another partner's admin cannot read it either: row-level security hides the row.
            let betaAdmin = try db.makeUser(.partnerAdmin, partner: beta.id)
            #expect(throws: TenancyError.notFound("partner")) {
                try db.asCaller(betaAdmin) { connection, _ in try PartnerBrandings.get(acme.id, on: connection) }
            }
        }
    }

    @Test func aCustomDomainUnderTheBaseDomainNeverTakesOverASlugHost() throws {
        try TenantTestDatabase.withSchema { db in
            let acme = try db.makePartner(slug: "acme"), mallory = try db.makePartner(slug: "mallory")
            // Written behind the application's back: the lookup itself must still hold.
            _ = try db.owner.execute("UPDATE partners SET custom_domain = 'acme.portal.example' WHERE id = \(mallory.id)")
            try db.database.pool.withConnection { (connection) throws -> Void in
                let found = try PartnerHost(host: "acme.portal.example", baseDomain: "portal.example")?.partner(on: connection)
                #expect(found?.id == acme.id)
            }
        }
    }
}

/// What the partner scope may change on its own `partners` row: the custom domain only.
@Suite struct PartnerRowPrivilegeTests {
    @Test func aPartnerScopedTransactionMayChangeOnlyItsCustomDomain() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let changed = try db.database.transaction(.partner(partner.id)) { connection in
                try connection.execute("UPDATE partners SET custom_domain = 'own.example' WHERE id = \(partner.id)")
            }
            #expect(changed == 1)
            for statement in ["UPDATE partners SET status = 'active' WHERE id = $1", "UPDATE partners SET name = 'Renamed' WHERE id = $1",
                              "UPDATE partners SET kind = 'platform' WHERE id = $1"] {
                #expect(throws: PostgresError.self, "\(statement)") {
                    try db.database.transaction(.partner(partner.id)) { connection in
                        _ = try connection.execute(PostgresQuery(unsafeSQL: statement, binds: [partner.id]))
                    }
                }
            }
            #expect(try db.count("SELECT count(*) FROM partners WHERE custom_domain = 'own.example'") == 1)
        }
    }
}
