import Flows
import Foundation
import HTTPClient
import Jobs
import Postgres
import Testing
import TestSupport

/// Fairness of `flow.message` jobs between customers (issue 6, "Tests that must exist"), with
/// an injected clock: nothing here waits for time to pass.
///
/// The bound, from `JobQueue.claim` (Sources/Jobs/JobQueue+Claim.swift): a claim of N jobs
/// takes the N least recently served fairness keys with due work — a key never served first —
/// and gives each an even share ⌈N / keys⌉ of the claim. A message's job has its customer as
/// the fairness key (`MessageJobs.enqueue`). So with K customers holding due messages, a
/// customer's first message is claimed within ⌈K / N⌉ claims of being queued, however long any
/// other customer's backlog; a customer never served before is claimed in the very next claim,
/// first in it. A worker pool of W workers claims up to 2W jobs ahead (one ready per worker), so
/// at most 2W jobs of other customers, claimed earlier, start before it: with the default 4
/// workers, 8 jobs — not 10,000.
@Suite struct FlowFairnessTests {
    /// The pool's claim size with 4 workers and nothing held (`WorkerPool.runDispatcher`: 2W).
    static let claimSize = 8

    private func claim(_ db: TenantTestDatabase, at now: Date) throws -> [Job] {
        try db.database.transaction(.system) {
            try JobQueue.claim(kinds: [MessageJobs.kind], limit: Self.claimSize, owner: "pool", leaseUntil: now.addingTimeInterval(300),
                               now: now, on: $0)
        }
    }

    @Test func aCustomerWithTenThousandQueuedMessagesDoesNotDelayAnotherCustomersFirstMessage() throws {
        let http = try HTTPClient()
        try TenantTestDatabase.withSchema { db in
            let busy = try OrderFlowWorld(db: db, erpURL: "http://127.0.0.1:9", customerName: "Busy Shop", registersItemInERP: false, http: http)
            let quiet = try OrderFlowWorld(db: db, erpURL: "http://127.0.0.1:9", customerName: "Quiet Shop", registersItemInERP: false, http: http)
            var now = Date()
            let clock: @Sendable () -> Date = { [now] in now }
            // The busy customer's first order arrives through the ingress; its job carries the keys
            // MessageJobs gives every message of that customer, and 9,999 more like it are queued.
            #expect(try busy.deliver(try busy.placeOrders(1), now: clock) == 1)
            let template = try db.owner.query("SELECT partner_id, fairness_key, limit_key, payload::text FROM jobs")
                .single().decode((UUID, String, String?, String).self)
            #expect(template.1 == busy.customerID.uuidString, "the customer is the fairness key")
            try db.database.transaction(.system) {
                _ = try JobQueue.insert((1..<10_000).map {
                    NewJob(kind: MessageJobs.kind, payloadJSON: template.3, partnerID: template.0, fairnessKey: template.1,
                           limitKey: template.2, uniqueKey: "backlog-\($0)")
                }, now: now, on: $0)
            }
            // The pool works the backlog alone for a while.
            for _ in 0..<5 {
                #expect(try claim(db, at: now).allSatisfy { $0.fairnessKey == busy.customerID.uuidString })
                now = now.addingTimeInterval(1)
            }

            // The quiet customer's first order arrives.
            let arrival = now
            #expect(try quiet.deliver(try quiet.placeOrders(1), now: { arrival }) == 1)
            let next = try claim(db, at: now)
            #expect(next.first?.fairnessKey == quiet.customerID.uuidString, "first in the very next claim")
            // Two keys: each is offered ⌈8 / 2⌉ = 4 places; the quiet customer uses one, the busy one its 4.
            #expect(next.map(\.fairnessKey) == [quiet.customerID.uuidString] + Array(repeating: busy.customerID.uuidString, count: 4))
            let queuedBehind = try db.owner.query("""
                SELECT count(*)::int8 FROM jobs WHERE state = 'available' AND fairness_key = \(busy.customerID.uuidString)
                """).single().decode(Int.self, at: 0)
            #expect(queuedBehind > 9_900, "the backlog is still there: the quiet customer did not wait for it")

            // Its job runs the message to delivered.
            let step = CountingDeliveryStep()
            let processor = MessageProcessor(database: db.database, catalog: quiet.catalog, secretBox: quiet.box, steps: [step],
                                             now: { arrival })
            #expect(try processor.run(try #require(next.first)) == .completed)
            #expect(try quiet.messageStatuses() == ["delivered": 1])

            // Both backlogged: each customer gets its even share, ⌈8 / 2⌉ = 4, of every claim.
            #expect(try quiet.deliver(try quiet.placeOrders(40), now: { arrival }) == 40)
            for _ in 0..<8 {
                now = now.addingTimeInterval(1)
                let shares = Dictionary(grouping: try claim(db, at: now), by: \.fairnessKey).mapValues(\.count)
                #expect(shares == [busy.customerID.uuidString: 4, quiet.customerID.uuidString: 4])
            }
        }
    }
}
