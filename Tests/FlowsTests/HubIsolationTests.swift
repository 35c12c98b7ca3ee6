import Commerce
import Flows
import Foundation
import Postgres
import Tenancy
import Testing
import TestSupport

/// Whose hub is whose, in real PostgreSQL: another partner sees nothing of it even naming its
/// ids outright, and a customer's sandbox and production hubs never mix.
@Suite struct HubIsolationTests {
    @Test func anotherPartnerSeesNothingEvenNamingTheIds() throws {
        try HubWorld.with { world in
            _ = try world.engine { connection in
                _ = try Hub.publishItems([.hubItem()], from: world.erp, in: world.production, on: connection)
                _ = try Hub.publishOrder(.hubOrder(wooID: "123"), reference: "WEB-1", from: world.shop, in: world.production, on: connection)
            }
            let other = try world.db.makePartner()
            let seen = try world.db.database.transaction(.partner(other.id)) { connection in
                (try Hub.item(.hub("MUG-1"), in: world.production, on: connection),
                 try Hub.changes(since: 0, in: world.production, on: connection),
                 try HubCrossReferences.locate(ExternalID(.wooCommerce, "123"), in: world.production, on: connection),
                 try Hub.lastChangeSeq(in: world.production, on: connection))
            }
            #expect(seen.0 == nil && seen.1.isEmpty && seen.2.isEmpty && seen.3 == 0)
            // Nor can it write into it: the source connection is invisible from its scope.
            #expect(throws: TenancyError.self) {
                try world.db.database.transaction(.partner(other.id)) { connection in
                    try Hub.publishItems([.hubItem(name: "Hijacked")], from: world.erp, in: world.production, on: connection)
                }
            }
            #expect(try world.engine { try Hub.item(.hub("MUG-1"), in: world.production, on: $0) }?.record.name == "Mug")
        }
    }

    @Test func sandboxAndProductionOfOneCustomerAreSeparateHubs() throws {
        try HubWorld.with { world in
            let sandbox = try world.engine { connection in
                _ = try Hub.publishOrder(.hubOrder(wooID: "23"), reference: "WEB-1", from: world.sandboxShop, in: world.sandbox, on: connection)
                return try Hub.publishItems([.hubItem(name: "Test mug")], from: world.sandboxERP, in: world.sandbox, on: connection)
            }
            #expect(try world.engine { try Hub.item(.hub("MUG-1"), in: world.production, on: $0) } == nil)
            #expect(try world.engine { try Hub.changes(since: 0, in: world.production, on: $0) }.isEmpty)
            #expect(try world.engine { try HubCrossReferences.locate(ExternalID(.wooCommerce, "23"), in: world.production, on: $0) }.isEmpty)
            // The same SKU in production is its own record with its own change numbers.
            let production = try world.engine { try Hub.publishItems([.hubItem()], from: world.erp, in: world.production, on: $0) }
            #expect(sandbox.first?.changeSeq == 2 && production.first?.changeSeq == 1)
            #expect(production.first?.outcome == .inserted)
            #expect(try world.engine { try Hub.item(.hub("MUG-1"), in: world.sandbox, on: $0) }?.record.name == "Test mug")
            // The same WooCommerce id may be linked in both, to different records.
            _ = try world.engine { try HubCrossReferences.link(.order, key: "WEB-9", to: "23", from: world.shop, in: world.production, on: $0) }
            let links = try world.db.owner.query("SELECT environment, key FROM hub_xrefs WHERE entity = 'order' ORDER BY 1")
                .decode((String, String).self)
            #expect(links.map(\.0) == ["production", "sandbox"] && links.map(\.1) == ["WEB-9", "WEB-1"])
        }
    }
}
