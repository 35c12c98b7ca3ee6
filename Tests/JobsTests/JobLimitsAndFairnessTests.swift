import Foundation
import Jobs
import Postgres
import Tenancy
import Testing
import TestSupport

@Suite struct JobLimitsAndFairnessTests {
    let clock = TestClock()

    private func claim(_ database: TenantDatabase, limit: Int, owner: String = "w") throws -> [Job] {
        try database.transaction(.system) {
            try JobQueue.claim(kinds: ["test.noop"], limit: limit, owner: owner, leaseUntil: clock.now.addingTimeInterval(600),
                               now: clock.now, on: $0)
        }
    }

    /// The bound: with K fairness keys holding due work, claims of N jobs serve every key within
    /// ⌈K / N⌉ claims, however long any key's backlog and however often it was served alone.
    @Test func aTenThousandJobBacklogDoesNotDelayAnotherKeysFirstJobBeyondTheBound() throws {
        try TenantTestDatabase.withSchema { db in
            try db.platform { _ = try JobQueue.insert((0..<10_000).map { NewJob.make(fairnessKey: "customer-a", number: $0) }, now: clock.now, on: $0) }
            // The backlog's key is served alone for a while (no other key has work).
            for _ in 0..<20 {
                #expect(try claim(db.database, limit: 1).map(\.fairnessKey) == ["customer-a"])
                clock.advance(by: .seconds(1))
            }
            try db.platform { _ = try JobQueue.insert(.make(fairnessKey: "customer-b"), now: clock.now, on: $0) }
            // K = 2, N = 1: within ⌈2 / 1⌉ = 2 claims; a key never served goes first, so in 1.
            #expect(try claim(db.database, limit: 1).map(\.fairnessKey) == ["customer-b"])

            // Three keys with backlogs, claims of 2: every key within ⌈3 / 2⌉ = 2 claims, over and over.
            try db.platform {
                _ = try JobQueue.insert((0..<30).flatMap { n in ["customer-b", "customer-c"].map { NewJob.make(fairnessKey: $0, number: n) } },
                                        now: clock.now, on: $0)
            }
            var lastServed: [String: Int] = [:]
            for round in 0..<12 {
                for job in try claim(db.database, limit: 2) { lastServed[job.fairnessKey] = round }
                for key in ["customer-a", "customer-b", "customer-c"] where round >= 1 {
                    #expect(round - (lastServed[key] ?? -1) < 2, "key \(key) waited more than 2 claims at round \(round)")
                }
            }
        }
    }

    @Test func aConcurrencyLimitHoldsAcrossTwoProcessesPools() throws {
        try TenantTestDatabase.withSchema { db in
            try db.platform { try JobLimits.set(JobLimit(limitKey: "shop-1", maxRunning: 3), now: clock.now, on: $0) }
            try db.platform {
                _ = try JobQueue.insert((0..<40).map { NewJob.make(fairnessKey: "f\($0 % 5)", limitKey: "shop-1", number: $0) },
                                        now: clock.now, on: $0)
            }
            let other = try db.separatePool()
            defer { other.close() }
            let databases = [db.database, TenantDatabase(pool: other)]
            let log = ClaimLog()
            // Eight concurrent claimers over two pools, as eight workers in two processes would.
            DispatchQueue.concurrentPerform(iterations: 8) { index in
                for _ in 0..<5 {
                    log.add((try? claim(databases[index % 2], limit: 4, owner: "p\(index % 2)"))?.map(\.id) ?? [])
                }
            }
            #expect(log.count == 3)
            #expect(try db.owner.query("SELECT count(*) FROM jobs WHERE state = 'running'").single().decode(Int.self, at: 0) == 3)
            // One finishes: exactly one more may start, whichever process asks.
            let running = try db.owner.query("SELECT partner_id, id, attempt FROM jobs WHERE state = 'running' LIMIT 1").single()
                .decode((UUID, Int64, Int).self)
            try db.platform {
                _ = try JobQueue.complete([JobLease(partnerID: running.0, id: running.1, attempt: running.2)], owner: "p0", now: clock.now, on: $0)
                    + JobQueue.complete([JobLease(partnerID: running.0, id: running.1, attempt: running.2)], owner: "p1", now: clock.now, on: $0)
            }
            #expect(try claim(databases[1], limit: 4).count == 1)
            #expect(try claim(databases[0], limit: 4).isEmpty)
        }
    }

    @Test func aRateLimitStartsNoMoreThanItsBucketAllowsAndARetryAfterHoldsTheKey() throws {
        try TenantTestDatabase.withSchema { db in
            try db.platform { try JobLimits.set(JobLimit(limitKey: "api-token-9", ratePerSecond: 0.5, burst: 2), now: clock.now, on: $0) }
            try db.platform {
                _ = try JobQueue.insert((0..<10).map { NewJob.make(limitKey: "api-token-9", number: $0) } + [.make(fairnessKey: "free")],
                                        now: clock.now, on: $0)
            }
            let first = try claim(db.database, limit: 10)
            #expect(first.filter { $0.limitKey != nil }.count == 2)
            #expect(first.contains { $0.fairnessKey == "free" })
            #expect(try claim(db.database, limit: 10).isEmpty)
            clock.advance(by: .seconds(2))
            let next = try #require(try claim(db.database, limit: 10).first)
            #expect(try claim(db.database, limit: 10).isEmpty)
            // The upstream answers 429 Retry-After: 60. No job with the key starts for 60 s.
            let throttled = JobTransition.after(.rateLimited(retryAfter: .seconds(60)), attempt: next.attempt, maxAttempts: next.maxAttempts,
                                                now: clock.now, policy: .init(), random: 0)
            try db.platform { _ = try JobQueue.finish(next.lease, owner: "w", transition: throttled, now: clock.now, on: $0) }
            clock.advance(by: .seconds(59))
            #expect(try claim(db.database, limit: 10).isEmpty)
            clock.advance(by: .seconds(1))
            #expect(try claim(db.database, limit: 10).count == 2)
        }
    }

    @Test func aRetryAfterHoldsBackAKeyThatHasNoConfiguredLimits() throws {
        try TenantTestDatabase.withSchema { db in
            try db.platform { _ = try JobQueue.insert([.make(limitKey: "unlisted", number: 1), .make(limitKey: "unlisted", number: 2)], now: clock.now, on: $0) }
            let job = try #require(try claim(db.database, limit: 1).first)
            let throttled = JobTransition.after(.rateLimited(retryAfter: .seconds(10)), attempt: 1, maxAttempts: 10, now: clock.now,
                                                policy: .init(), random: 0)
            try db.platform { _ = try JobQueue.finish(job.lease, owner: "w", transition: throttled, now: clock.now, on: $0) }
            #expect(try claim(db.database, limit: 5).isEmpty)
            clock.advance(by: .seconds(10))
            #expect(try claim(db.database, limit: 5).count == 2)
        }
    }
}
