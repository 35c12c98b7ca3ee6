import Commerce
import Flows
import Foundation
import Postgres
import Tenancy
import Testing
import TestSupport

/// System-of-record ownership in real PostgreSQL: a change from a system that does not own the
/// domain is refused with a business error naming the domain, the owner, the system and the
/// record — never silently applied — and the ownership is the customer's to change, audited.
@Suite struct HubOwnershipTests {
    @Test func refusesAChangeFromASystemThatDoesNotOwnTheDomain() throws {
        try HubWorld.with { world in
            _ = try world.engine { try Hub.publishItems([.hubItem()], from: world.erp, in: world.production, on: $0) }
            let refusal = #expect(throws: HubRefusal.self) {
                try world.engine { try Hub.publishItems([.hubItem(name: "Renamed in the shop")], from: world.shop, in: world.production, on: $0) }
            }
            #expect(refusal == HubRefusal(domain: .items, owners: [.trytonERP], system: .wooCommerce, key: "MUG-1"))
            #expect(refusal?.description == "woocommerce may not change item MUG-1; only tryton-erp may (system of record for items)")
            let stored = try world.engine { try Hub.item(.hub("MUG-1"), in: world.production, on: $0) }
            #expect(stored?.record.name == "Mug")
            // Stock and prices too: the shop's own count is not the ERP's.
            let stock = #expect(throws: HubRefusal.self) {
                try world.engine {
                    try Hub.publishStock([.hubLevel(3, minutesAfterMorning: 1)], from: world.shop, in: world.production, on: $0)
                }
            }
            #expect(stock?.domain == .stock && stock?.key == "MUG-1 at ST1" && stock?.owners == [.trytonERP])
            #expect(try world.count("hub_stock") == 0)
        }
    }

    @Test func theShopAndTheTillsEachOwnTheirOwnSales() throws {
        try HubWorld.with { world in
            _ = try world.engine { try Hub.publishOrder(.hubOrder(), reference: "WEB-1", from: world.shop, in: world.production, on: $0) }
            _ = try world.engine {
                try Hub.publishOrder(.hubOrder(wooID: "x"), reference: "POS-1", from: world.till, in: world.production, on: $0)
            }
            let refusal = #expect(throws: HubRefusal.self) {
                try world.engine {
                    try Hub.publishOrder(.hubOrder(status: .cancelled), reference: "WEB-1", from: world.till, in: world.production, on: $0)
                }
            }
            #expect(refusal == HubRefusal(domain: .orders, owners: [.wooCommerce], system: .trytonPOS, key: "WEB-1"))
            // The ERP takes neither.
            let erp = #expect(throws: HubRefusal.self) {
                try world.engine { try Hub.publishOrder(.hubOrder(), reference: "ERP-1", from: world.erp, in: world.production, on: $0) }
            }
            #expect(erp?.owners == [.wooCommerce, .trytonPOS])
            #expect(try world.engine { try Hub.order("WEB-1", in: world.production, on: $0) }?.record.status == .processing)
        }
    }

    @Test func aNewOwnerTakesEffectAndIsAudited() throws {
        try HubWorld.with { world in
            _ = try world.engine { try Hub.publishItems([.hubItem()], from: world.erp, in: world.production, on: $0) }
            let after = try world.db.asCaller(world.admin) { connection, caller in
                try HubOwnership.assign(.items, to: [.wooCommerce], customer: world.customerID, environment: .production,
                                        by: caller, on: connection)
            }
            #expect(after.owners(of: .items) == [.wooCommerce])
            #expect(after.owners(of: .prices) == [.trytonERP])
            let renamed = try world.engine {
                try Hub.publishItems([.hubItem(name: "Shop mug")], from: world.shop, in: world.production, on: $0)
            }
            #expect(renamed.first?.outcome == .updated(HubDiff(changedPaths: ["name"])))
            #expect(throws: HubRefusal.self) {
                try world.engine { try Hub.publishItems([.hubItem()], from: world.erp, in: world.production, on: $0) }
            }
            // Ownership is per environment: the sandbox keeps the standard owners.
            _ = try world.engine { try Hub.publishItems([.hubItem()], from: world.sandboxERP, in: world.sandbox, on: $0) }

            let audit = try world.db.owner.query("""
                SELECT target_id, before::text, after::text, actor_email FROM audit_log WHERE action = 'hub_ownership.assign'
                """).single().decode((String, String, String, String).self)
            #expect(audit.0 == "\(world.customerID.uuidString.lowercased())/production/items")
            #expect(audit.1 == #"{"domain": "items", "owners": ["tryton-erp"]}"#)
            #expect(audit.2 == #"{"domain": "items", "owners": ["woocommerce"]}"#)
            #expect(audit.3 == world.admin.email)
        }
    }

    @Test func ownershipIsChangedOnlyByThoseWhoMayWireTheIntegration() throws {
        try HubWorld.with { world in
            let viewer = try world.db.makeUser(.customerViewer, partner: world.partnerID, customer: world.customerID)
            #expect(throws: TenancyError.forbidden(.mappingsWrite)) {
                try world.db.asCaller(viewer) { connection, caller in
                    try HubOwnership.assign(.items, to: [.wooCommerce], customer: world.customerID, environment: .production,
                                            by: caller, on: connection)
                }
            }
            // The viewer may read it.
            let read = try world.db.asCaller(viewer) { connection, _ in
                try HubOwnership.get(customer: world.customerID, environment: .production, for: viewer, on: connection)
            }
            #expect(read == .standard)
            let operatorUser = try world.db.makeUser(.partnerOperator, partner: world.partnerID)
            for owners: [SystemKind] in [[], [SystemKind(rawValue: "Not A System")]] {
                let error = #expect(throws: TenancyError.self) {
                    try world.db.asCaller(operatorUser) { connection, caller in
                        try HubOwnership.assign(.stock, to: owners, customer: world.customerID, environment: .production,
                                                by: caller, on: connection)
                    }
                }
                guard case .invalid(let problems) = error else { Issue.record("expected invalid"); continue }
                #expect(problems.map(\.field) == ["owners"])
            }
            #expect(try world.count("hub_ownership") == 0)
        }
    }

    @Test func anotherPartnersCustomerIsNotFound() throws {
        try HubWorld.with { world in
            let other = try world.db.makePartner()
            let stranger = try world.db.makeUser(.partnerAdmin, partner: other.id)
            #expect(throws: TenancyError.notFound("customer")) {
                try world.db.asCaller(stranger) { connection, caller in
                    try HubOwnership.assign(.items, to: [.wooCommerce], customer: world.customerID, environment: .production,
                                            by: caller, on: connection)
                }
            }
        }
    }
}
