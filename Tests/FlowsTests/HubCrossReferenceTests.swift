import Commerce
import Flows
import Foundation
import Postgres
import Tenancy
import Testing
import TestSupport

/// Cross-references in real PostgreSQL: unique both ways per connection, idempotent, and
/// "where is order 123?" answered from any one system's id.
@Suite struct HubCrossReferenceTests {
    @Test func findsEverySystemsIDFromAnyOne() throws {
        try HubWorld.with { world in
            // The shop's order carries its WooCommerce id, linked as it is published.
            _ = try world.engine { try Hub.publishOrder(.hubOrder(wooID: "123"), reference: "WEB-1", from: world.shop, in: world.production, on: $0) }
            // order-to-erp created Tryton sale 7 for it.
            let linked = try world.engine { try HubCrossReferences.link(.order, key: "WEB-1", to: "7", from: world.erp, in: world.production, on: $0) }
            #expect(linked == .linked)

            for id in [ExternalID(.wooCommerce, "123"), ExternalID(.trytonERP, "7")] {
                let found = try world.engine { try HubCrossReferences.locate(id, in: world.production, on: $0) }
                #expect(Set(found.map { "\($0.entity) \($0.key) \($0.system) \($0.externalID)" })
                        == ["order WEB-1 woocommerce 123", "order WEB-1 tryton-erp 7"], "from \(id)")
            }
            let order = try world.engine { try Hub.order(ExternalID(.trytonERP, "7"), in: world.production, on: $0) }
            #expect(order?.record.externalIDs == [ExternalID(.wooCommerce, "123")])
            let references = try world.engine { try HubCrossReferences.references(.order, key: "WEB-1", in: world.production, on: $0) }
            let connections: Set<UUID> = Set(references.map(\.connectionID))
            #expect(connections == [world.erp.connectionID, world.shop.connectionID])
            #expect(try world.engine { try HubCrossReferences.locate(ExternalID(.trytonERP, "8"), in: world.production, on: $0) }.isEmpty)
        }
    }

    @Test func linkingTheSamePairAgainChangesNothing() throws {
        try HubWorld.with { world in
            let first = try world.engine { try HubCrossReferences.link(.item, key: "MUG-1", to: "4", from: world.erp, in: world.production, on: $0) }
            let again = try world.engine { try HubCrossReferences.link(.item, key: "MUG-1", to: "4", from: world.erp, in: world.production, on: $0) }
            #expect(first == .linked && again == .alreadyLinked)
            // Publishing an item whose ERP id is already linked is the same link again.
            _ = try world.engine { try Hub.publishItems([.hubItem(erpID: "4")], from: world.erp, in: world.production, on: $0) }
            #expect(try world.count("hub_xrefs") == 1)
        }
    }

    @Test func refusesToLinkOneIDToTwoRecordsOrOneRecordToTwoIDs() throws {
        try HubWorld.with { world in
            _ = try world.engine { try HubCrossReferences.link(.order, key: "WEB-1", to: "23", from: world.shop, in: world.production, on: $0) }
            let sameID = #expect(throws: HubCrossReferenceConflict.self) {
                try world.engine { try HubCrossReferences.link(.order, key: "WEB-2", to: "23", from: world.shop, in: world.production, on: $0) }
            }
            #expect(sameID?.existing.map(\.description) == ["order WEB-1 = woocommerce 23"])
            #expect(sameID?.description.hasPrefix("cannot link order WEB-2 = woocommerce 23: already order WEB-1 = woocommerce 23") == true)
            let sameRecord = #expect(throws: HubCrossReferenceConflict.self) {
                try world.engine { try HubCrossReferences.link(.order, key: "WEB-1", to: "24", from: world.shop, in: world.production, on: $0) }
            }
            #expect(sameRecord?.existing.map(\.externalID) == ["23"])
            // A published order whose id is another order's is refused whole.
            #expect(throws: HubCrossReferenceConflict.self) {
                try world.engine { try Hub.publishOrder(.hubOrder(wooID: "23"), reference: "WEB-3", from: world.shop, in: world.production, on: $0) }
            }
            #expect(try world.count("hub_orders") == 0)
            #expect(try world.count("hub_xrefs") == 1)
        }
    }

    @Test func twoShopsMayEachHaveAnOrder23() throws {
        try HubWorld.with { world in
            let secondShop = HubSource(system: .wooCommerce, connectionID: try HubWorld.connection(
                world.db, world.partnerID, world.customerID, .wooCommerce, .production, name: "Outlet shop"))
            _ = try world.engine { try HubCrossReferences.link(.order, key: "WEB-1", to: "23", from: world.shop, in: world.production, on: $0) }
            _ = try world.engine { try HubCrossReferences.link(.order, key: "OUT-1", to: "23", from: secondShop, in: world.production, on: $0) }
            let keys = try world.engine { try HubCrossReferences.keys(of: .order, with: ExternalID(.wooCommerce, "23"), in: world.production, on: $0) }
            #expect(keys == ["OUT-1", "WEB-1"])
        }
    }

    @Test func refusesALinkThroughAConnectionOfTheOtherEnvironmentOrSystem() throws {
        try HubWorld.with { world throws in
            let crossing = #expect(throws: TenancyError.self) {
                try world.engine { try HubCrossReferences.link(.order, key: "WEB-1", to: "23", from: world.sandboxShop, in: world.production, on: $0) }
            }
            guard case .invalid(let problems) = crossing else { Issue.record("expected invalid"); return }
            #expect(problems.map(\.field) == ["source"])
            let posing = HubSource(system: .trytonERP, connectionID: world.shop.connectionID)
            #expect(throws: TenancyError.self) {
                try world.engine { try HubCrossReferences.link(.order, key: "WEB-1", to: "23", from: posing, in: world.production, on: $0) }
            }
            #expect(try world.count("hub_xrefs") == 0)
        }
    }

    @Test func theRetailersViewerFindsTheirOrderAndNoOneElses() throws {
        try HubWorld.with { world in
            _ = try world.engine { try Hub.publishOrder(.hubOrder(wooID: "123"), reference: "WEB-1", from: world.shop, in: world.production, on: $0) }
            let viewer = try world.db.makeUser(.customerViewer, partner: world.partnerID, customer: world.customerID)
            let found = try world.db.asCaller(viewer) { connection, _ in
                try HubCrossReferences.locate(ExternalID(.wooCommerce, "123"), customer: world.customerID, environment: .production,
                                              for: viewer, on: connection)
            }
            #expect(found.map(\.key) == ["WEB-1"])
            let otherCustomer = try world.db.asCaller(world.admin) { try Customers.create(NewCustomer(name: "Other"), by: $1, on: $0) }
            let otherViewer = try world.db.makeUser(.customerViewer, partner: world.partnerID, customer: otherCustomer.id)
            #expect(throws: TenancyError.notFound("customer")) {
                try world.db.asCaller(otherViewer) { connection, _ in
                    try HubCrossReferences.locate(ExternalID(.wooCommerce, "123"), customer: world.customerID, environment: .production,
                                                  for: otherViewer, on: connection)
                }
            }
        }
    }
}
