import Connectors
import Flows
import Foundation
import HTTPClient
import Postgres
import Tenancy
import Testing
import TestSupport

/// Promoting a flow from sandbox to production (issue 6 §7): the difference is shown field by
/// field, applied only while it is the difference shown, keeps production's own connections,
/// and is audited.
@Suite struct FlowPromotionTests {
    let box = SecretBox(keyring: Keyring(current: .random()))

    typealias World = TwoEnvironmentWorld

    func withWorld(_ body: (World) throws -> Void) throws {
        try TwoEnvironmentWorld.with(box: box, body)
    }

    @Test func theDifferenceShowsEachOptionAndTheMappingVersionBeforeAndAfter() throws {
        try withWorld { world in
            try world.saveMappingVersion(1)
            _ = try world.configure(.production, options: ["price_tolerance": "0.01", "mapping_version": "1"])
            try world.saveMappingVersion(2)
            _ = try world.configure(.sandbox, options: ["price_tolerance": "0.05", "safety_stock": "2"])
            let promotion = try world.diff()
            #expect(promotion.changes == [
                FlowPromotion.Change(field: "options.price_tolerance", before: "0.01", after: "0.05"),
                FlowPromotion.Change(field: "options.safety_stock", before: nil, after: "2"),
                FlowPromotion.Change(field: "mapping_version", before: "1", after: "2"),
            ])
            #expect(promotion.diffHash.count == 64)
            #expect(try world.diff().diffHash == promotion.diffHash)
        }
    }

    @Test func promotionAppliesOptionsAndMappingButKeepsProductionsConnectionsAndIsAudited() throws {
        try withWorld { world in
            try world.saveMappingVersion(1)
            _ = try world.configure(.production, options: ["price_tolerance": "0.01", "mapping_version": "1"])
            try world.saveMappingVersion(2)
            _ = try world.configure(.sandbox, options: ["price_tolerance": "0.05"])
            let promoted = try world.promote(try world.diff().diffHash)
            #expect(promoted.environmentKind == .production)
            #expect(promoted.options == ["price_tolerance": "0.05", "mapping_version": "2"])
            #expect(promoted.sourceConnectionID == world.shop[.production]?.id)
            #expect(promoted.targetConnectionID == world.erp[.production]?.id)
            #expect(try world.diff().changes.isEmpty)
            let (before, after) = try world.db.owner.query(
                "SELECT before::text, after::text FROM audit_log WHERE action = 'flow.promote'").single()
                .decode((String?, String?).self)
            #expect(before?.contains("0.01") == true)
            #expect(after?.contains("0.05") == true)
        }
    }

    @Test func aStaleDifferenceIsRefusedAndProductionStaysAsItWas() throws {
        try withWorld { world in
            _ = try world.configure(.production, options: ["price_tolerance": "0.01"])
            _ = try world.configure(.sandbox, options: ["price_tolerance": "0.05"])
            let shown = try world.diff()
            _ = try world.configure(.sandbox, options: ["price_tolerance": "0.50"])
            let error = #expect(throws: TenancyError.self) { try world.promote(shown.diffHash) }
            guard case .conflict(let problem) = error else { Issue.record("expected a conflict"); return }
            #expect(problem.field == "diff_hash")
            let production = try world.db.asCaller(world.admin) { connection, _ in
                try CustomerFlows.get(.orderToERP, in: world.production.id, for: world.admin, on: connection)
            }
            #expect(production?.options == ["price_tolerance": "0.01"])
            #expect(try world.db.count("SELECT count(*) FROM audit_log WHERE action = 'flow.promote'") == 0)
        }
    }

    @Test func withoutAProductionFlowPromotionUsesProductionsOwnConnectionsOrNamesTheMissingOne() throws {
        try withWorld { world in
            _ = try world.configure(.sandbox, options: ["price_tolerance": "0.05"])
            _ = try world.db.owner.execute("DELETE FROM connections WHERE id = \(world.erp[.production]!.id)")
            let promotion = try world.diff()
            #expect(promotion.createsProductionFlow)
            let error = #expect(throws: TenancyError.self) { try world.promote(promotion.diffHash) }
            guard case .conflict(let problem) = error else { Issue.record("expected a conflict"); return }
            #expect(problem.field == "target_connection_id")
            #expect(problem.message.contains("tryton-erp"))
        }
    }

    @Test func aNewProductionFlowGetsProductionsConnectionsNeverTheSandboxes() throws {
        try withWorld { world in
            _ = try world.configure(.sandbox, options: ["price_tolerance": "0.05"])
            let promoted = try world.promote(try world.diff().diffHash)
            #expect(promoted.environmentID == world.production.id)
            #expect(promoted.sourceConnectionID == world.shop[.production]?.id)
            #expect(promoted.targetConnectionID == world.erp[.production]?.id)
            #expect(promoted.options == ["price_tolerance": "0.05"])
        }
    }
}

extension TwoEnvironmentWorld {
    func configure(_ kind: Tenancy.Environment.Kind, options: [String: String]) throws -> CustomerFlow {
        try db.asCaller(admin) { connection, caller in
            try CustomerFlows.configure(FlowConfiguration(environmentID: kind == .sandbox ? sandbox.id : production.id,
                                                          flow: .orderToERP, sourceConnectionID: shop[kind]?.id,
                                                          targetConnectionID: erp[kind]?.id, options: options),
                                        customer: customer.id, by: caller, on: connection)
        }
    }

    func diff() throws -> FlowPromotion {
        try db.asCaller(admin) { connection, _ in
            try CustomerFlows.promotionDiff(.orderToERP, customer: customer.id, for: admin, on: connection)
        }
    }

    func promote(_ hash: String) throws -> CustomerFlow {
        try db.asCaller(admin) { connection, caller in
            try CustomerFlows.promote(.orderToERP, customer: customer.id, diffHash: hash, by: caller, on: connection)
        }
    }

    /// Saves the next version of the customer's order-to-erp mapping, as the owner.
    func saveMappingVersion(_ version: Int) throws {
        _ = try db.owner.execute("""
            INSERT INTO mapping_versions (partner_id, customer_id, flow, version, document, author_email)
            VALUES (\(customer.partnerID), \(customer.id), 'order-to-erp', \(version),
                    '{"record":"order","fields":[{"target":"number","source":"number"}]}'::jsonb, 'fixture@example.com')
            """)
    }
}
