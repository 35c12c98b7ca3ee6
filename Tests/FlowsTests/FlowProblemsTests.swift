import Connectors
import Flows
import Foundation
import HTTPClient
import Jobs
import Postgres
import Tenancy
import Testing
import TestSupport
import WooCommerceSimulator

/// Silence, raised (issue 6 §8): a scheduled flow that did not run when due, a source that
/// stopped sending (WooCommerce disabled its webhook), a connection whose credentials were
/// rejected — each becomes one open problem on the customer's integration, counted while it
/// lasts and resolved when it clears. The shop is the WooCommerce simulator; the ERP is never
/// called (its address refuses connections).
@Suite struct FlowProblemsTests {
    let box = SecretBox(keyring: Keyring(current: .random()))

    /// A customer with the simulated shop's orders flowing to an ERP, and the shop's webhook token.
    struct World {
        let customer: ProductionCustomer
        let shop: Connection
        let flow: CustomerFlow
        let token: String
        let catalog: ConnectorCatalog
    }

    func world(_ db: TenantTestDatabase, shopValues: [String: String], http: HTTPClient) throws -> World {
        let catalog = ConnectorCatalog.standard(runtime: .init(httpClient: http))
        let customer = try ProductionCustomer(named: "Corner Shop", in: db, catalog: catalog, box: box)
        let shop = try customer.connect(.wooCommerce, "Web shop", shopValues)
        let erp = try customer.connect(.trytonERP, "ERP", ["server_url": "http://127.0.0.1:9", "database": "erp", "login": "admin",
                                                          "password": "admin"])
        let flow = try customer.switchOn(.orderToERP, from: shop, to: erp)
        let token = try db.asCaller(customer.admin) { connection, caller in
            try Connections.issueIngressToken(shop.id, by: caller, on: connection)
        }
        return World(customer: customer, shop: shop, flow: flow, token: token, catalog: catalog)
    }

    func problems(_ db: TenantTestDatabase) throws -> [(kind: String, detail: String, occurrences: Int, open: Bool, summary: String)] {
        try db.owner.query("""
            SELECT kind, detail_key, occurrences, resolved_at IS NULL, summary FROM flow_problems ORDER BY opened_at, kind, detail_key
            """).decode((String, String, Int, Bool, String).self).map { ($0.0, $0.1, $0.2, $0.3, $0.4) }
    }

    @Test func aMissedPollIsRaisedOnTheFlowCountedWhileOpenAndClearedWhenThePollRuns() throws {
        let http = try HTTPClient()
        let (store, shopValues) = try FlowTestSystems.store()
        defer { store.shutdown() }
        try TenantTestDatabase.withSchema { db in
            let world = try world(db, shopValues: shopValues, http: http)
            // Switching the flow on scheduled its poll each minute and, the shop being WooCommerce,
            // the check of its webhooks.
            let names = try db.owner.query("SELECT name FROM job_schedules ORDER BY name").decode(String.self, column: "name")
            let prefix = "flow:\(world.flow.id.uuidString.lowercased()):"
            #expect(names == [prefix + "poll", prefix + "watch"])

            // No scheduler ran for an hour: the leader finds the due times past their grace.
            let maintenance = JobMaintenance(database: db.database.pool, enterScope: { try $0.enter(.system) }, nodeID: "node-1",
                                             onScheduleMiss: FlowHandlers.scheduleMisses)
            let hourLater = Date().addingTimeInterval(3600)
            #expect(try maintenance.runOnce(now: hourLater).schedules.missed > 50)
            var raised = try problems(db).filter { $0.detail == "poll" }
            #expect(raised.count == 1)
            #expect(raised.first?.kind == "schedule_missed" && raised.first?.open == true && raised.first?.occurrences == 1)
            #expect(raised.first?.summary.contains("Orders to ERP: the poll did not run when due") == true, "\(raised)")
            #expect(try problems(db).contains { $0.detail == "watch" && $0.kind == "schedule_missed" })

            // Another hour without a scheduler: the same problem, seen twice.
            _ = try maintenance.runOnce(now: hourLater.addingTimeInterval(3600))
            raised = try problems(db).filter { $0.detail == "poll" }
            #expect(raised.count == 1 && raised.first?.occurrences == 2)

            // The poll runs (its late run): the problem is resolved; the watch's stays until it runs.
            try world.customer.enqueue(FlowSchedules.pollKind, for: world.flow)
            try JobDrain(owner: db.owner, handlers: [FlowPoller(database: db.database, catalog: world.catalog, secretBox: box)]).run()
            #expect(try problems(db).filter { $0.detail == "poll" }.map(\.open) == [false])
            #expect(try problems(db).filter { $0.detail == "watch" }.map(\.open) == [true])
            let resolution = try db.owner.query("SELECT resolution FROM flow_problems WHERE detail_key = 'poll'")
                .decode(String.self, column: "resolution")
            #expect(resolution.first?.hasPrefix("The poll ran again at ") == true)

            // Missed again later: a new problem, the old one kept as history.
            _ = try maintenance.runOnce(now: hourLater.addingTimeInterval(3 * 3600))
            #expect(try problems(db).filter { $0.detail == "poll" }.map(\.open) == [false, true])
        }
    }

    @Test func aWebhookTheShopDisabledIsRaisedSwitchedBackOnAndClearedOnceItDeliversAgain() throws {
        let http = try HTTPClient()
        let (store, shopValues) = try FlowTestSystems.store()
        defer { store.shutdown() }
        try TenantTestDatabase.withSchema { db in
            let world = try world(db, shopValues: shopValues, http: http)
            // Our webhook delivers to an address that refuses connections (the platform was
            // unreachable); another one, not ours, delivers elsewhere and fails too.
            let ours = store.addWebhook(topic: "order.created", deliveryURL: "http://127.0.0.1:9/hooks/\(world.token)",
                                        secret: "flow-test-secret")
            let theirs = store.addWebhook(topic: "order.created", deliveryURL: "http://127.0.0.1:9/hooks/cph_someone-else",
                                          secret: "other")
            let paused = store.addWebhook(topic: "order.updated", deliveryURL: "http://127.0.0.1:9/hooks/\(world.token)",
                                          secret: "flow-test-secret", status: "paused")
            for _ in 0..<7 {
                store.addOrder(lines: [.init(sku: "NONE", quantity: 1, total: 1)])
                store.deliverPendingWebhooks()
            }
            #expect(store.webhookState(ours)?.status == "disabled", "WooCommerce disables after the 7th failure (spec §12.4)")
            #expect(store.webhookState(theirs)?.status == "disabled")

            let drain = JobDrain(owner: db.owner, handlers: [WebhookWatch(database: db.database, catalog: world.catalog, secretBox: box)])
            try world.customer.enqueue(FlowSchedules.watchKind, for: world.flow)
            try drain.run()

            // Ours is switched back on and raised; the paused one is raised and left paused; theirs is not ours.
            #expect(store.webhookState(ours)?.status == "active")
            #expect(store.webhookState(paused)?.status == "paused")
            #expect(store.webhookState(theirs)?.status == "disabled")
            var raised = try problems(db)
            #expect(Set(raised.map(\.detail)) == [String(ours), String(paused)])
            #expect(raised.allSatisfy { $0.kind == "webhook_disabled" && $0.open })
            let summary = try #require(raised.first { $0.detail == String(ours) }?.summary)
            #expect(summary.contains("Web shop stopped sending order.created events: its webhook \(ours) is disabled"))
            #expect(summary.contains("Counterpart switched it back on"))
            #expect(raised.first { $0.detail == String(paused) }?.summary.contains("paused in the system's settings") == true)

            // The next check finds ours active: resolved. The paused one stays open, seen twice.
            try world.customer.enqueue(FlowSchedules.watchKind, for: world.flow)
            try drain.run()
            raised = try problems(db)
            #expect(raised.first { $0.detail == String(ours) }?.open == false)
            #expect(raised.first { $0.detail == String(paused) }.map { ($0.open, $0.occurrences) } ?? (false, 0) == (true, 2))
        }
    }

    @Test func rejectedCredentialsPauseTheConnectionRaiseItAndResumingClearsIt() throws {
        let http = try HTTPClient()
        let (store, shopValues) = try FlowTestSystems.store()
        defer { store.shutdown() }
        var wrongKey = shopValues
        wrongKey["consumer_secret"] = "cs_revoked"
        try TenantTestDatabase.withSchema { db in
            let world = try world(db, shopValues: wrongKey, http: http)
            try world.customer.enqueue(FlowSchedules.pollKind, for: world.flow)
            try JobDrain(owner: db.owner, handlers: [FlowPoller(database: db.database, catalog: world.catalog, secretBox: box)]).run()

            let status = try db.owner.query("SELECT status, paused_reason FROM connections WHERE id = \(world.shop.id)")
                .decode((String, String?).self)
            #expect(status.first?.0 == "paused")
            #expect(status.first?.1?.hasPrefix("Paused: the system rejected the credentials.") == true, "\(status)")
            let raised = try problems(db)
            #expect(raised.map(\.kind) == ["credentials_rejected"] && raised.first?.open == true)
            #expect(raised.first?.summary.hasPrefix("Web shop: Paused: the system rejected the credentials.") == true)

            _ = try db.asCaller(world.customer.admin) { connection, caller in
                try Connections.resume(world.shop.id, by: caller, on: connection)
            }
            #expect(try problems(db).map(\.open) == [false])
        }
    }
}
