import Connectors
import Flows
import Foundation
import HTTPClient
import Jobs
import Postgres
import Synchronization
import Tenancy
import Testing
import TestSupport

/// A step that holds its first run until the test lets it go, so a second message can arrive
/// while it is at the other system.
final class HeldStep: FlowStep, @unchecked Sendable {
    let flow = FlowKind.orderToERP
    let runs = RunCounter()
    private let entered = DispatchSemaphore(value: 0)
    private let release = DispatchSemaphore(value: 0)
    private let held = Atomic<Bool>(false)

    func process(_ context: FlowStepContext) throws(ConnectorError) -> FlowStepResult {
        runs.add(context.message.id)
        if !held.exchange(true, ordering: .sequentiallyConsistent) {
            entered.signal()
            _ = release.wait(timeout: .now() + 60)
        }
        return .delivered(output: nil, externalIDs: [])
    }

    func waitUntilHeld() -> Bool { entered.wait(timeout: .now() + 60) == .success }
    func letGo() { release.signal() }
}

/// Webhooks and polling overlap (issue 6 §8): the shop's webhook and our poll make two messages
/// of one order. Their steps must not run side by side — each looks the sale up by our reference
/// before creating it, and two at once would both find nothing and both create (bench-flow found
/// exactly that: one order, two sales). The second waits, its job snoozed, until the first is done.
@Suite struct OverlappingMessagesTests {
    @Test func aSecondMessageOfTheSameOrderWaitsUntilTheFirstHasFinishedItsStep() throws {
        let http = try HTTPClient()
        try TenantTestDatabase.withSchema { db in
            let world = try OrderFlowWorld(db: db, erpURL: "http://127.0.0.1:9", registersItemInERP: false, http: http)
            #expect(try world.deliver(try world.placeOrders(1)) == 1)
            // The poll's message of the same order: another dedup key, the same reference.
            try db.owner.transaction { connection in
                let webhook = try connection.query("""
                    SELECT customer_id, environment_id, reference, input::text FROM messages
                    """).single().decode((UUID, UUID, String, String).self)
                let partnerID = try connection.query("SELECT partner_id FROM messages").single().decode(UUID.self, at: 0)
                let new = NewMessage(customerID: webhook.0, environmentID: webhook.1, flow: .orderToERP, subject: "order",
                                     sourceSystem: "woocommerce", sourceConnectionID: world.shopID, reference: webhook.2,
                                     dedupKey: "woocommerce:order:poll", input: try MessagePayload(json: Array(webhook.3.utf8)))
                guard case .accepted(let message) = try Messages.receive(new, partnerID: partnerID, at: Date(), on: connection) else {
                    Issue.record("the poll's message was taken for a duplicate")
                    return
                }
                try MessageJobs.enqueue(message, now: Date(), on: connection)
            }
            let step = HeldStep()
            let processor = MessageProcessor(database: db.database, catalog: world.catalog, secretBox: world.box, steps: [step])
            let jobs = try db.database.transaction(.system) {
                try JobQueue.claim(kinds: [MessageJobs.kind], limit: 10, owner: "worker", leaseUntil: Date().addingTimeInterval(300),
                                   now: Date(), on: $0)
            }
            #expect(jobs.count == 2)
            let (first, second) = (jobs[0], jobs[1])

            // The first is at the ERP; the second meets it and waits, without an attempt.
            let firstOutcome = Mutex<JobOutcome?>(nil)
            let worker = Thread { firstOutcome.withLock { $0 = try? processor.run(first) } }
            worker.start()
            #expect(step.waitUntilHeld())
            #expect(try processor.run(second) == .snooze(.seconds(1)))
            #expect(step.runs.all.count == 1)
            #expect(try db.count("SELECT count(*) FROM message_attempts") == 1, "the waiting message began no attempt")

            // The first finishes and lets go; the second then runs.
            step.letGo()
            let deadline = Date().addingTimeInterval(60)
            while firstOutcome.withLock({ $0 }) == nil, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            #expect(firstOutcome.withLock { $0 } == .completed)
            #expect(try processor.run(second) == .completed)
            #expect(step.runs.all.count == 2)
            #expect(try world.messageStatuses() == ["delivered": 2])
            #expect(try db.count("SELECT count(*) FROM message_locks") == 0, "every lock was released")
        }
    }
}
