import Foundation
import Testing
@testable import Tenancy
import TestSupport

@Suite struct PartnerHostTests {
    @Test func aSubdomainOfTheBaseDomainNamesThePartnerBySlug() {
        let host = PartnerHost(host: "Acme.Portal.Example:8443", baseDomain: "portal.example")
        #expect(host?.slug == "acme")
        #expect(host?.domain == "acme.portal.example")
    }

    @Test func theBaseDomainItselfIsThePlatform() {
        #expect(PartnerHost(host: "portal.example", baseDomain: "portal.example")?.slug == "platform")
    }

    @Test func deeperSubdomainsAndForeignHostsAreOnlyCustomDomainCandidates() {
        #expect(PartnerHost(host: "a.b.portal.example", baseDomain: "portal.example")?.slug == nil)
        #expect(PartnerHost(host: "integrations.shop.example", baseDomain: "portal.example")?.slug == nil)
    }

    @Test func implausibleHostsNameNobody() {
        for host in ["", "[::1]:80", "acme.example:http", "a b.example", "ex ample", "-x.example"] {
            #expect(PartnerHost(host: host, baseDomain: "portal.example") == nil, "\(host)")
        }
    }

    @Test func lookupFindsBySlugOrCustomDomainAndNothingElse() throws {
        try TenantTestDatabase.withSchema { db in
            let acme = try db.makePartner(slug: "acme")
            _ = try db.makePartner(slug: "beta")
            try db.owner.runScript(unsafeSQL: "UPDATE partners SET custom_domain = 'portal.acme.example' WHERE slug = 'acme'")
            try db.database.pool.withConnection { (connection) throws -> Void in
                #expect(try PartnerHost(host: "acme.base.example", baseDomain: "base.example")?.partner(on: connection)?.id == acme.id)
                #expect(try PartnerHost(host: "portal.acme.example", baseDomain: "base.example")?.partner(on: connection)?.id == acme.id)
                #expect(try PartnerHost(host: "base.example", baseDomain: "base.example")?.partner(on: connection)?.kind == .platform)
                #expect(try PartnerHost(host: "nobody.base.example", baseDomain: "base.example")?.partner(on: connection) == nil)
                #expect(try PartnerHost(host: "other.example", baseDomain: "base.example")?.partner(on: connection) == nil)
            }
        }
    }
}
