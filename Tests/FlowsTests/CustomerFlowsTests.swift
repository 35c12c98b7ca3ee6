import Connectors
import Flows
import Foundation
import HTTPClient
import Postgres
import Tenancy
import Testing
import TestSupport

/// Flows switched on per environment between that environment's connections (issue 6 §5, §7).
@Suite struct CustomerFlowsTests {
    let box = SecretBox(keyring: Keyring(current: .random()))

    typealias World = TwoEnvironmentWorld


    func withWorld(_ body: (World) throws -> Void) throws {
        try TwoEnvironmentWorld.with(box: box, body)
    }

    @Test func aFlowIsSwitchedOnBetweenItsEnvironmentsConnectionsAndAudited() throws {
        try withWorld { world in
            let flow = try world.db.asCaller(world.admin) { connection, caller in
                try CustomerFlows.configure(FlowConfiguration(environmentID: world.production.id, flow: .orderToERP,
                                                              sourceConnectionID: world.shop[.production]?.id,
                                                              targetConnectionID: world.erp[.production]?.id,
                                                              options: ["price_tolerance": "0.01"]),
                                            customer: world.customer.id, by: caller, on: connection)
            }
            #expect(flow.status == .active && flow.environmentKind == .production && flow.options == ["price_tolerance": "0.01"])
            #expect(try world.db.count("SELECT count(*) FROM audit_log WHERE action = 'flow.create'") == 1)
        }
    }

    @Test func aProductionFlowCannotUseASandboxConnectionNorTheWrongKind() throws {
        try withWorld { world in
            let error = #expect(throws: TenancyError.self) {
                try world.db.asCaller(world.admin) { connection, caller in
                    try CustomerFlows.configure(FlowConfiguration(environmentID: world.production.id, flow: .orderToERP,
                                                                  sourceConnectionID: world.shop[.sandbox]?.id,
                                                                  targetConnectionID: world.shop[.production]?.id),
                                                customer: world.customer.id, by: caller, on: connection)
                }
            }
            guard case .invalid(let problems) = error else { Issue.record("expected invalid"); return }
            #expect(problems.map(\.field) == ["source_connection_id", "target_connection_id"])
            #expect(problems[0].message.contains("sandbox environment"))
            #expect(problems[1].message.contains("needs one of"))
            // The schema refuses it too, whoever writes the row.
            #expect(throws: PostgresError.self) {
                try world.db.owner.execute("""
                    INSERT INTO customer_flows (partner_id, customer_id, environment_id, environment_kind, flow, source_connection_id)
                    VALUES (\(world.admin.partnerID), \(world.customer.id), \(world.production.id), 'production', 'order-to-erp',
                            \(try #require(world.shop[.sandbox]?.id)))
                    """)
            }
        }
    }

    @Test func aConnectionInUseCannotBeDeletedAndAPausedFlowSaysWhy() throws {
        try withWorld { world in
            _ = try world.db.asCaller(world.admin) { connection, caller in
                try CustomerFlows.configure(FlowConfiguration(environmentID: world.sandbox.id, flow: .orderToERP,
                                                              sourceConnectionID: world.shop[.sandbox]?.id,
                                                              targetConnectionID: world.erp[.sandbox]?.id),
                                            customer: world.customer.id, by: caller, on: connection)
            }
            let erpID = try #require(world.erp[.sandbox]?.id)
            #expect(throws: TenancyError.conflict(FieldProblem(field: "connection", message:
                "is used by a flow; give the flow another connection or switch it off first"))) {
                try world.db.asCaller(world.admin) { try Connections.delete(erpID, by: $1, on: $0) }
            }
            #expect(try world.db.count("SELECT count(*) FROM secrets") == 4, "nothing of the refused deletion stays undone")
            let paused = try world.db.asCaller(world.admin) {
                try CustomerFlows.setPaused(.orderToERP, in: world.sandbox.id, reason: "ERP upgrade this weekend", by: $1, on: $0)
            }
            #expect(paused.status == .paused && paused.pausedReason == "ERP upgrade this weekend")
            let resumed = try world.db.asCaller(world.admin) {
                try CustomerFlows.setPaused(.orderToERP, in: world.sandbox.id, reason: nil, by: $1, on: $0)
            }
            #expect(resumed.status == .active && resumed.pausedReason == nil)
        }
    }
}
