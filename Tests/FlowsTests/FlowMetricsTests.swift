import Flows
import Foundation
import HTTPClient
import Jobs
import MetricsTestKit
import Testing
import TestSupport

/// The processor counts each finished attempt by flow template and outcome, and times it by
/// template (issue 7 §6) — labels from fixed sets, never the customer or the message.
@Suite struct FlowMetricsTests {
    @Test func aDeliveredMessageIsCountedAndTimedByItsFlowAndOutcomeOnly() throws {
        let http = try HTTPClient()
        try TenantTestDatabase.withSchema { db in
            let world = try OrderFlowWorld(db: db, erpURL: "http://127.0.0.1:9", registersItemInERP: false, http: http)
            #expect(try world.deliver(try world.placeOrders(1)) == 1)
            let metrics = TestMetrics()
            let start = Date()
            let processor = MessageProcessor(database: db.database, catalog: world.catalog, secretBox: world.box,
                                             steps: [CountingDeliveryStep()], now: { start }, metrics: FlowMetrics(factory: metrics))
            let job = try #require(try db.database.transaction(.system) {
                try JobQueue.claim(kinds: [MessageJobs.kind], limit: 1, owner: "metrics-test", leaseUntil: start.addingTimeInterval(300),
                                   now: start, on: $0)
            }.first)
            #expect(try processor.run(job) == .completed)

            let delivered = try metrics.expectCounter("flow_messages_finished_total", [("flow", "order-to-erp"), ("outcome", "delivered")])
            #expect(delivered.totalValue == 1)
            #expect(try metrics.expectTimer("flow_attempt_duration_seconds", [("flow", "order-to-erp")]).values.count == 1)
            #expect(metrics.counters.count == 1, "one series: \(metrics.counters.map(\.label))")
        }
    }
}
