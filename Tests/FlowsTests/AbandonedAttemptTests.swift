import Connectors
import Flows
import Foundation
import HTTPClient
import Jobs
import Synchronization
import Testing
import TestSupport

/// A step that delivers without calling anything, counting its runs.
struct CountingDeliveryStep: FlowStep {
    let flow = FlowKind.orderToERP
    let runs = RunCounter()

    func process(_ context: FlowStepContext) throws(ConnectorError) -> FlowStepResult {
        runs.add(context.message.id)
        return .delivered(output: nil, externalIDs: [MessageExternalID(system: "tryton-erp", id: "sale-\(context.message.reference ?? "")")])
    }
}

/// Message ids a step ran for, in order.
final class RunCounter: Sendable {
    private let ids = Mutex<[UUID]>([])
    func add(_ id: UUID) { ids.withLock { $0.append(id) } }
    var all: [UUID] { ids.withLock { $0 } }
}

/// A worker that dies between beginning a message's attempt and finishing it leaves the message
/// processing; the rescuer returns its job when the lease expires. The rescued job must take the
/// message over — not find it "taken by another worker" and complete without delivering it,
/// which left it processing for ever (found by ``WorkerCrashTests``). Injected clock, no Tryton.
@Suite struct AbandonedAttemptTests {
    @Test func aRescuedJobDeliversTheMessageItsDeadWorkerLeftProcessing() throws {
        let http = try HTTPClient()
        try TenantTestDatabase.withSchema { db in
            let world = try OrderFlowWorld(db: db, erpURL: "http://127.0.0.1:9", registersItemInERP: false, http: http)
            #expect(try world.deliver(try world.placeOrders(1)) == 1)
            let start = Date()
            let step = CountingDeliveryStep()
            let processor = MessageProcessor(database: db.database, catalog: world.catalog, secretBox: world.box, steps: [step],
                                             now: { start })

            // The first worker claims the job and begins the attempt, then dies (SIGKILL: nothing more is written).
            let claimed = try db.database.transaction(.system) {
                try JobQueue.claim(kinds: [MessageJobs.kind], limit: 10, owner: "dead-worker", leaseUntil: start.addingTimeInterval(3),
                                   now: start, on: $0)
            }
            let job = try #require(claimed.first)
            let payload = try job.payload(as: MessageJobs.Payload.self)
            let begun = try db.database.transaction(.partner(payload.partnerID)) {
                try Messages.beginAttempt(payload.messageID, partnerID: payload.partnerID, at: start, on: $0)
            }
            #expect(begun == 1)

            // Its lease ends; the rescuer returns the job and another worker runs it.
            let later = start.addingTimeInterval(10)
            let rescued = try db.database.transaction(.system) { try JobRescuer.rescue(now: later, on: $0) }
            #expect(rescued == JobRescuer.Rescued(retried: 1, dead: 0))
            let again = try #require(try db.database.transaction(.system) {
                try JobQueue.claim(kinds: [MessageJobs.kind], limit: 10, owner: "second-worker", leaseUntil: later.addingTimeInterval(300),
                                   now: later, on: $0)
            }.first)
            #expect(try processor.run(again) == .completed)

            #expect(step.runs.all == [payload.messageID], "the step ran for the abandoned message")
            #expect(try world.messageStatuses() == ["delivered": 1])
            let attempts = try db.owner.query("SELECT number, outcome, error_class FROM message_attempts ORDER BY number")
                .decode((Int, String?, String?).self)
            #expect(attempts.map(\.0) == [1, 2])
            #expect(attempts.map(\.1) == ["retrying", "delivered"], "the dead worker's attempt is closed, not left open")
            #expect(attempts.first?.2 == "transient")
        }
    }

    /// The database went away after the attempt began and before its outcome was written: the
    /// run threw, and the queue retried the same job (found by ``IngressRestartTests``).
    @Test func aJobRetriedAfterItsRunThrewDeliversTheMessageItLeftProcessing() throws {
        let http = try HTTPClient()
        try TenantTestDatabase.withSchema { db in
            let world = try OrderFlowWorld(db: db, erpURL: "http://127.0.0.1:9", registersItemInERP: false, http: http)
            #expect(try world.deliver(try world.placeOrders(1)) == 1)
            let start = Date()
            let step = CountingDeliveryStep()
            let processor = MessageProcessor(database: db.database, catalog: world.catalog, secretBox: world.box, steps: [step],
                                             now: { start })
            let job = try #require(try db.database.transaction(.system) {
                try JobQueue.claim(kinds: [MessageJobs.kind], limit: 10, owner: "worker", leaseUntil: start.addingTimeInterval(300),
                                   now: start, on: $0)
            }.first)
            let payload = try job.payload(as: MessageJobs.Payload.self)
            _ = try db.database.transaction(.partner(payload.partnerID)) {
                try Messages.beginAttempt(payload.messageID, partnerID: payload.partnerID, at: start, on: $0)
            }
            // The run threw there; the pool turns that into a retry of the same job.
            let retry = JobTransition.after(.retry(reason: "database connection lost", after: .seconds(1)), attempt: job.attempt,
                                            maxAttempts: job.maxAttempts, now: start, policy: RetryPolicy(), random: 0.5)
            #expect(try db.database.transaction(.system) {
                try JobQueue.finish(job.lease, owner: "worker", transition: retry, now: start, on: $0)
            })
            let later = start.addingTimeInterval(5)
            let again = try #require(try db.database.transaction(.system) {
                try JobQueue.claim(kinds: [MessageJobs.kind], limit: 10, owner: "worker", leaseUntil: later.addingTimeInterval(300),
                                   now: later, on: $0)
            }.first)
            #expect(again.attempt == 2)
            #expect(try processor.run(again) == .completed)
            #expect(step.runs.all == [payload.messageID])
            #expect(try world.messageStatuses() == ["delivered": 1])
        }
    }
}
