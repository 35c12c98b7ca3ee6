import Foundation
import Jobs
import Postgres
import Tenancy
import Testing
import TestSupport

@Suite struct JobQueueTests {
    let clock = TestClock()
    let owner = "worker-a"

    private func claim(_ db: TenantTestDatabase, kinds: [String] = ["test.noop"], limit: Int = 10, owner: String? = nil,
                       lease: TimeInterval = 60) throws -> [Job] {
        try db.platform {
            try JobQueue.claim(kinds: kinds, limit: limit, owner: owner ?? self.owner,
                               leaseUntil: clock.now.addingTimeInterval(lease), now: clock.now, on: $0)
        }
    }

    @Test func aJobEnqueuedInARolledBackTransactionLeavesNothing() throws {
        try TenantTestDatabase.withSchema { db in
            struct Abandoned: Error {}
            let partner = try db.makePartner()
            #expect(throws: Abandoned.self) {
                try db.database.transaction(.partner(partner.id)) { connection in
                    try JobQueue.insert(.make(partnerID: partner.id), now: clock.now, on: connection)
                    throw Abandoned()
                }
            }
            #expect(try db.states().isEmpty)
            #expect(try claim(db).isEmpty)
        }
    }

    @Test func aPartnerEnqueuesItsOwnJobsOnlyAndPlatformJobsBelongToThePlatformPartner() throws {
        try TenantTestDatabase.withSchema { db in
            let acme = try db.makePartner(), beta = try db.makePartner()
            let id = try db.database.transaction(.partner(acme.id)) { try JobQueue.insert(.make(partnerID: acme.id), now: clock.now, on: $0) }
            #expect(id != nil)
            #expect(throws: PostgresError.self) {
                try db.database.transaction(.partner(acme.id)) { try JobQueue.insert(.make(partnerID: beta.id), now: clock.now, on: $0) }
            }
            try db.platform { _ = try JobQueue.insert(.make(), now: clock.now, on: $0) }
            let partners = try db.owner.query("SELECT partner_id FROM jobs ORDER BY id").decode(UUID.self, column: "partner_id")
            #expect(partners == [acme.id, db.platformPartnerID])
        }
    }

    @Test func aSecondEnqueueWithTheSameUniqueKeyIsSkipped() throws {
        try TenantTestDatabase.withSchema { db in
            let first = try db.platform { try JobQueue.insert(.make(uniqueKey: "delivery-42"), now: clock.now, on: $0) }
            let second = try db.platform { try JobQueue.insert(.make(uniqueKey: "delivery-42"), now: clock.now, on: $0) }
            let batch = try db.platform {
                try JobQueue.insert([.make(uniqueKey: "delivery-42"), .make(uniqueKey: "delivery-43"), .make()], now: clock.now, on: $0)
            }
            #expect(first != nil && second == nil)
            #expect(batch.count == 2)
            #expect(try db.states().count == 3)
        }
    }

    @Test func aBatchKeepsEveryFieldAndIsClaimedInOrder() throws {
        try TenantTestDatabase.withSchema { db in
            let jobs = (0..<5).map { NewJob.make(fairnessKey: "k", number: $0) }
            try db.platform { _ = try JobQueue.insert(jobs, now: clock.now, on: $0) }
            let claimed = try claim(db)
            #expect(try claimed.map { try $0.payload(as: [String: Int].self)["n"] } == [0, 1, 2, 3, 4])
            #expect(claimed.allSatisfy { $0.attempt == 1 && $0.fairnessKey == "k" && $0.maxAttempts == 10 })
        }
    }

    @Test func twoClaimersNeverGetTheSameJob() throws {
        try TenantTestDatabase.withSchema { db in
            try db.platform { _ = try JobQueue.insert((0..<300).map { NewJob.make(fairnessKey: "k\($0 % 7)", number: $0) }, now: clock.now, on: $0) }
            let other = try db.separatePool()
            defer { other.close() }
            let pools = [db.database.pool, other]
            let results = ClaimLog()
            let now = clock.now
            DispatchQueue.concurrentPerform(iterations: 4) { index in
                let database = TenantDatabase(pool: pools[index % 2])
                // Until every job is claimed; the cap only stops a broken claim from spinning forever.
                for _ in 0..<2000 where results.count < 300 {
                    let claimed = (try? database.transaction(.system) {
                        try JobQueue.claim(kinds: ["test.noop"], limit: 7, owner: "w\(index)",
                                           leaseUntil: now.addingTimeInterval(60), now: now, on: $0)
                    }) ?? []
                    results.add(claimed.map(\.id))
                }
            }
            #expect(results.ids.count == 300)
            #expect(Set(results.ids).count == 300)
        }
    }

    @Test func anExpiredLeaseIsRescuedWithItsAttemptCountedAndDeadWhenAttemptsAreSpent() throws {
        try TenantTestDatabase.withSchema { db in
            try db.platform { _ = try JobQueue.insert([.make(fairnessKey: "a", maxAttempts: 2), .make(fairnessKey: "b", maxAttempts: 1)],
                                                      now: clock.now, on: $0) }
            let claimed = try claim(db, lease: 30)
            #expect(claimed.count == 2)
            clock.advance(by: .seconds(29))
            #expect(try db.platform { try JobRescuer.rescue(now: clock.now, on: $0) } == .init(retried: 0, dead: 0))
            clock.advance(by: .seconds(1))
            #expect(try db.platform { try JobRescuer.rescue(now: clock.now, on: $0) } == .init(retried: 1, dead: 1))
            let rows = try db.owner.query("SELECT fairness_key, state, attempt, last_error_class FROM jobs ORDER BY fairness_key")
                .decode((String, String, Int, String).self)
            #expect(rows.map(\.0) == ["a", "b"])
            #expect(rows.map(\.1) == ["available", "dead"])
            #expect(rows.map(\.2) == [1, 1])
            #expect(rows.allSatisfy { $0.3 == "lease_expired" })
            // The old holder's late completion changes nothing.
            #expect(try db.platform { try JobQueue.complete(claimed.map(\.lease), owner: owner, now: clock.now, on: $0) } == 0)
            #expect(try claim(db).map(\.attempt) == [2])
        }
    }

    @Test func aClaimWhoseAnswerWasLostIsQueuedAgainAtOnceWithoutAnAttemptAndOthersLeasesAreUntouched() throws {
        try TenantTestDatabase.withSchema { db in
            try db.platform { _ = try JobQueue.insert((0..<4).map { .make(fairnessKey: "k\($0)", number: $0) }, now: clock.now, on: $0) }
            // Two claims by this owner: the first's answer arrived (its jobs are held), the
            // second's was lost. A third job belongs to another owner.
            let held = try claim(db, limit: 1)
            _ = try claim(db, limit: 2)
            let othersJob = try claim(db, limit: 1, owner: "worker-b")
            #expect(held.count == 1 && othersJob.count == 1)

            let returned = try db.platform { try JobQueue.returnLostClaims(owner: owner, holding: held.map(\.lease), now: clock.now, on: $0) }
            #expect(returned == 2)
            let rows = try db.owner.query("SELECT id, state, attempt, lease_owner FROM jobs ORDER BY id").decode((Int64, String, Int, String?).self)
            let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.0, $0) })
            #expect(byID[held[0].id]?.1 == "running" && byID[held[0].id]?.3 == owner)
            #expect(byID[othersJob[0].id]?.1 == "running" && byID[othersJob[0].id]?.3 == "worker-b")
            let lost = rows.filter { $0.0 != held[0].id && $0.0 != othersJob[0].id }
            #expect(lost.count == 2)
            #expect(lost.allSatisfy { $0.1 == "available" && $0.2 == 0 && $0.3 == nil }, "\(lost)")
            // Before any lease expires they are claimable again, as a first attempt.
            #expect(try claim(db).map(\.attempt) == [1, 1])
        }
    }

    @Test func aRetryWaitsForItsBackOffOnTheInjectedClockThenRunsAgain() throws {
        try TenantTestDatabase.withSchema { db in
            try db.platform { _ = try JobQueue.insert(.make(maxAttempts: 3), now: clock.now, on: $0) }
            let policy = RetryPolicy(initialDelay: .seconds(10), jitter: 0.5)
            for attempt in 1...3 {
                let job = try #require(try claim(db).first)
                #expect(job.attempt == attempt)
                let transition = JobTransition.after(.retry(reason: "timeout \(attempt)"), attempt: job.attempt, maxAttempts: job.maxAttempts,
                                                     now: clock.now, policy: policy, random: 0.5)
                #expect(try db.platform { try JobQueue.finish(job.lease, owner: owner, transition: transition, now: clock.now, on: $0) })
                guard attempt < 3 else { break }
                let delay = Double(10 << (attempt - 1))
                clock.advance(by: .seconds(delay - 1))
                #expect(try claim(db).isEmpty)
                clock.advance(by: .seconds(1))
            }
            let (state, error) = try db.owner.query("SELECT state, last_error FROM jobs").single().decode((String, String).self)
            #expect(state == "dead")
            #expect(error.contains("timeout 3") && error.contains("attempt 3 of 3"))
        }
    }

    @Test func aSnoozedJobIsAvailableLaterWithoutSpendingAnAttempt() throws {
        try TenantTestDatabase.withSchema { db in
            try db.platform { _ = try JobQueue.insert(.make(maxAttempts: 1), now: clock.now, on: $0) }
            let job = try #require(try claim(db).first)
            let snooze = JobTransition.after(.snooze(.seconds(300)), attempt: 1, maxAttempts: 1, now: clock.now, policy: .init(), random: 0)
            try db.platform { _ = try JobQueue.finish(job.lease, owner: owner, transition: snooze, now: clock.now, on: $0) }
            clock.advance(by: .seconds(299))
            #expect(try claim(db).isEmpty)
            clock.advance(by: .seconds(1))
            #expect(try claim(db).map(\.attempt) == [1])
        }
    }

    @Test func aCancelledJobIsNeverClaimedAndARunningOnesCompletionChangesNothing() throws {
        try TenantTestDatabase.withSchema { db in
            let ids = try db.platform { try JobQueue.insert([.make(fairnessKey: "a"), .make(fairnessKey: "b")], now: clock.now, on: $0) }
            let partner = db.platformPartnerID
            #expect(try db.platform { try JobQueue.cancel(partnerID: partner, id: ids[0], now: clock.now, on: $0) })
            let running = try claim(db)
            #expect(running.map(\.id) == [ids[1]])
            #expect(try db.platform { try JobQueue.cancel(partnerID: partner, id: ids[1], now: clock.now, on: $0) })
            #expect(try db.platform { try JobQueue.complete(running.map(\.lease), owner: owner, now: clock.now, on: $0) } == 0)
            #expect(try db.states() == [ids[0]: "cancelled", ids[1]: "cancelled"])
            #expect(try db.platform { try JobQueue.cancel(partnerID: partner, id: ids[1], now: clock.now, on: $0) } == false)
        }
    }

    @Test func operatorsRetryTheDeadByFilterWithAttemptsReset() throws {
        try TenantTestDatabase.withSchema { db in
            try db.platform { _ = try JobQueue.insert([.make(kind: "sync.orders", maxAttempts: 1), .make(kind: "sync.stock", maxAttempts: 1)],
                                                      now: clock.now, on: $0) }
            for job in try claim(db, kinds: ["sync.orders", "sync.stock"]) {
                let dead = JobTransition.after(.dead(.permanent, reason: "401"), attempt: 1, maxAttempts: 1, now: clock.now, policy: .init(), random: 0)
                try db.platform { _ = try JobQueue.finish(job.lease, owner: owner, transition: dead, now: clock.now, on: $0) }
            }
            let retried = try db.platform { try JobQueue.retryDead(matching: JobFilter(kind: "sync.orders"), now: clock.now, on: $0) }
            #expect(retried == 1)
            let again = try claim(db, kinds: ["sync.orders", "sync.stock"])
            #expect(again.map(\.kind) == ["sync.orders"])
            #expect(again.map(\.attempt) == [1])
            #expect(again.first?.lastError?.message == "401")
        }
    }

    @Test func aWorkerClaimsOnlyTheKindsItHandles() throws {
        try TenantTestDatabase.withSchema { db in
            try db.platform { _ = try JobQueue.insert([.make(kind: "other"), .make()], now: clock.now, on: $0) }
            #expect(try claim(db).map(\.kind) == ["test.noop"])
        }
    }
}

/// Ids claimed by several threads.
final class ClaimLog: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed: [Int64] = []

    func add(_ ids: [Int64]) { lock.withLock { claimed += ids } }
    var ids: [Int64] { lock.withLock { claimed } }
    var count: Int { ids.count }
}
