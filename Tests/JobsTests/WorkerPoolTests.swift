import Foundation
import Jobs
import Postgres
import Synchronization
import Tenancy
import Testing
import TestSupport

@Suite struct WorkerPoolTests {
    let clock = TestClock()

    private func pool(_ db: TenantTestDatabase, _ handlers: [any JobHandler], workers: Int = 2,
                      retryPolicy: RetryPolicy = .init(), random: Double = 0.5) throws -> WorkerPool {
        try WorkerPool(database: db.database.pool, handlers: handlers,
                       configuration: WorkerPoolConfiguration(workers: workers, leaseDuration: .seconds(60), pollInterval: .seconds(5),
                                                              retryPolicy: retryPolicy, runsMaintenance: false),
                       enterScope: TenantTestDatabase.platformScope, logger: TenantTestDatabase.logger, now: clock.closure,
                       random: { random })
    }

    /// Waits (with a timeout, never a sleep) until `condition` holds in the database.
    private func eventually(_ db: TenantTestDatabase, timeout: TimeInterval = 20, _ condition: () throws -> Bool) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        let tick = Signal()
        while Date() < deadline {
            if try condition() { return true }
            _ = tick.wait(timeout: 0.02)
        }
        return try condition()
    }

    @Test func enqueuedJobsAreRunByTheirHandlerAndCompletedWokenByNotification() throws {
        try TenantTestDatabase.withSchema { db in
            let ran = Signal()
            let seen = Mutex<[Int]>([])
            let workers = try pool(db, [JobHandlerFunction(kind: "test.noop") { job in
                let number = try job.payload(as: [String: Int].self)["n"] ?? -1
                seen.withLock { $0.append(number) }
                ran.fire()
                return .completed
            }])
            try workers.start()
            defer { workers.stop() }
            // The first claim already found nothing; only the notification (the poll is 5 s away) brings these.
            try db.platform { _ = try JobQueue.insert((0..<20).map { NewJob.make(fairnessKey: "k\($0 % 3)", number: $0) }, now: clock.now, on: $0) }
            #expect(ran.wait(for: 20))
            #expect(try eventually(db) { try db.states().values.allSatisfy { $0 == "completed" } })
            #expect(seen.withLock { $0.sorted() } == Array(0..<20))
        }
    }

    @Test func aHandlersFailuresAreAppliedWithTheBackOffOnTheInjectedClock() throws {
        try TenantTestDatabase.withSchema { db in
            let policy = RetryPolicy(initialDelay: .seconds(10), jitter: 0.5)
            let workers = try pool(db, [
                JobHandlerFunction(kind: "flaky") { _ in throw JobFailure(.transient, "HTTP 503") },
                JobHandlerFunction(kind: "revoked") { _ in throw JobFailure(.permanent, "HTTP 401: credentials revoked") },
                JobHandlerFunction(kind: "skip") { _ in .completedWithException(reason: "unknown SKU A-1") },
            ], retryPolicy: policy, random: 1.0)
            try db.platform { _ = try JobQueue.insert([.make(kind: "flaky"), .make(kind: "revoked"), .make(kind: "skip")], now: clock.now, on: $0) }
            try workers.start()
            defer { workers.stop() }
            #expect(try eventually(db) { Set(try db.states().values) == ["retrying", "dead", "completed"] })
            let flaky = try db.owner.query("SELECT run_at, attempt, last_error_class, last_error FROM jobs WHERE kind = 'flaky'").single()
                .decode((Date, Int, String, String).self)
            // 10 s, +50 % at random 1.0 with ±50 % jitter.
            #expect(flaky.0 == clock.now.addingTimeInterval(15))
            #expect(flaky.1 == 1 && flaky.2 == "transient" && flaky.3 == "HTTP 503")
            let revoked = try db.owner.query("SELECT last_error_class, last_error FROM jobs WHERE kind = 'revoked'").single()
                .decode((String, String).self)
            #expect(revoked == ("permanent", "HTTP 401: credentials revoked"))
            #expect(try db.owner.query("SELECT completed_with_exception FROM jobs WHERE kind = 'skip'").single().decode(Bool.self, at: 0))
        }
    }

    /// A worker killed mid-job is simulated by a claim nobody finishes or renews.
    @Test func aJobWhoseWorkerDiedMidRunIsRescuedAndRunOnceMore() throws {
        try TenantTestDatabase.withSchema { db in
            try db.platform { _ = try JobQueue.insert(.make(kind: "order.post"), now: clock.now, on: $0) }
            let abandoned = try db.platform {
                try JobQueue.claim(kinds: ["order.post"], limit: 1, owner: "killed-worker", leaseUntil: clock.now.addingTimeInterval(60),
                                   now: clock.now, on: $0)
            }
            #expect(abandoned.count == 1)
            let runs = Signal()
            let attempts = Mutex<[Int]>([])
            let workers = try pool(db, [JobHandlerFunction(kind: "order.post") { job in
                attempts.withLock { $0.append(job.attempt) }
                runs.fire()
                return .completed
            }])
            try workers.start()
            defer { workers.stop() }
            clock.advance(by: .seconds(61))
            let report = try JobMaintenance(database: db.database.pool, enterScope: TenantTestDatabase.platformScope, nodeID: "leader")
                .runOnce(now: clock.now)
            #expect(report.rescued.retried == 1)
            #expect(runs.wait(for: 1))
            #expect(try eventually(db) { try db.states().values.first == "completed" })
            #expect(attempts.withLock { $0 } == [2])
            // The dead worker's late completion is refused: the job ran once more, not twice more.
            #expect(try db.platform { try JobQueue.complete(abandoned.map(\.lease), owner: "killed-worker", now: clock.now, on: $0) } == 0)
        }
    }

    @Test func stoppingLetsTheRunningJobFinishAndWritesItsOutcome() throws {
        try TenantTestDatabase.withSchema { db in
            let started = Signal(), release = Signal(), stopped = Signal()
            let workers = try pool(db, [JobHandlerFunction(kind: "test.noop") { _ in
                started.fire()
                _ = release.wait(timeout: 30)
                return .completed
            }], workers: 1)
            try db.platform { _ = try JobQueue.insert(.make(), now: clock.now, on: $0) }
            try workers.start()
            #expect(started.wait())
            Thread.detachNewThread {
                workers.stop()
                stopped.fire()
            }
            #expect(!stopped.wait(timeout: 0.3), "stop() returned while a job was running")
            release.fire()
            #expect(stopped.wait())
            #expect(try db.states().values.first == "completed")
        }
    }

    @Test func aPoolWithNoHandlersStillRunsMaintenance() throws {
        try TenantTestDatabase.withSchema { db in
            let workers = try WorkerPool(database: db.database.pool, handlers: [],
                                         configuration: WorkerPoolConfiguration(maintenanceInterval: .milliseconds(50), leaderLease: .seconds(30)),
                                         enterScope: TenantTestDatabase.platformScope, logger: TenantTestDatabase.logger, now: clock.closure)
            try workers.start()
            defer { workers.stop() }
            #expect(try eventually(db) {
                try db.owner.query("SELECT leader_id FROM job_leader").first?.decode(String.self, at: 0) == workers.nodeID
            })
        }
    }

    @Test func twoHandlersForOneKindAreRefused() {
        #expect(throws: JobsError.duplicateHandler(kind: "a")) {
            try TenantTestDatabase.withSchema { db in
                try pool(db, [JobHandlerFunction(kind: "a") { _ in .completed }, JobHandlerFunction(kind: "a") { _ in .completed }])
            }
        }
    }
}
