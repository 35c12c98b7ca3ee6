import Foundation
import Jobs
import Postgres
import Tenancy
import Testing
import TestSupport

@Suite struct JobMaintenanceTests {
    let clock = TestClock(Date(timeIntervalSince1970: 1_750_000_000)) // 2025-06-15T15:06:40Z

    private func maintenance(_ db: TenantTestDatabase, node: String, pool: PostgresPool? = nil) -> JobMaintenance {
        JobMaintenance(database: pool ?? db.database.pool, enterScope: TenantTestDatabase.platformScope, nodeID: node,
                       leaderLease: .seconds(30))
    }

    @Test func oneNodeLeadsUntilItsLeaseExpiresThenAnotherTakesOver() throws {
        try TenantTestDatabase.withSchema { db in
            let other = try db.separatePool()
            defer { other.close() }
            let first = maintenance(db, node: "node-1"), second = maintenance(db, node: "node-2", pool: other)
            #expect(try first.runOnce(now: clock.now).isLeader)
            #expect(try !second.runOnce(now: clock.now).isLeader)
            clock.advance(by: .seconds(20))
            #expect(try first.runOnce(now: clock.now).isLeader) // renewed to +30 s from here
            clock.advance(by: .seconds(29))
            #expect(try !second.runOnce(now: clock.now).isLeader)
            clock.advance(by: .seconds(1))
            #expect(try second.runOnce(now: clock.now).isLeader)
            #expect(try !first.runOnce(now: clock.now).isLeader)
            try second.resign()
            #expect(try first.runOnce(now: clock.now).isLeader)
        }
    }

    @Test func onlyTheLeaderRescues() throws {
        try TenantTestDatabase.withSchema { db in
            try db.platform { _ = try JobQueue.insert(.make(), now: clock.now, on: $0) }
            _ = try db.platform { try JobQueue.claim(kinds: ["test.noop"], limit: 1, owner: "gone", leaseUntil: clock.now, now: clock.now, on: $0) }
            #expect(try db.platform { try JobLeader.elect("node-1", until: clock.now.addingTimeInterval(30), now: clock.now, on: $0) })
            let report = try maintenance(db, node: "node-2").runOnce(now: clock.now)
            #expect(!report.isLeader && report.rescued.retried == 0)
            #expect(try maintenance(db, node: "node-1").runOnce(now: clock.now).rescued.retried == 1)
        }
    }

    @Test func aScheduleEnqueuesOncePerDueTimeEvenWhenRunTwice() throws {
        try TenantTestDatabase.withSchema { db in
            let schedule = try JobSchedule(name: "reconciliation/daily", cron: "0 6 * * *", timeZone: "Europe/Amsterdam",
                                           job: .make(kind: "reconcile", fairnessKey: "customer-1"))
            try db.platform { try JobSchedules.save(schedule, now: clock.now, on: $0) }
            let node = maintenance(db, node: "node-1")
            #expect(try node.runOnce(now: clock.now).schedules == .init())
            // Next 06:00 CEST is 04:00Z on 2025-06-16; a minute after it, it is enqueued once.
            let due = ISO8601DateFormatter().date(from: "2025-06-16T04:00:00Z")!
            let later = due.addingTimeInterval(60)
            #expect(try node.runOnce(now: later).schedules.enqueued == 1)
            #expect(try node.runOnce(now: later).schedules.enqueued == 0)
            // Two leaders overlapping on the same due time still enqueue it once.
            try db.owner.execute("UPDATE job_schedules SET next_due_at = \(due)")
            try db.platform { _ = try JobSchedules.enqueueDue(now: later, on: $0) }
            let jobs = try db.owner.query("SELECT kind, fairness_key, unique_key, run_at FROM jobs").decode((String, String, String, Date).self)
            #expect(jobs.count == 1)
            #expect(jobs.first?.0 == "reconcile" && jobs.first?.1 == "customer-1")
            #expect(jobs.first?.2 == JobSchedule.uniqueKey(schedule: "reconciliation/daily", due: due))
            #expect(jobs.first?.3 == due)
        }
    }

    @Test func aRunFoundPastItsGraceIsRecordedAsMissedAndTheLatestRunsOnceLate() throws {
        try TenantTestDatabase.withSchema { db in
            let schedule = try JobSchedule(name: "file-drop", cron: "0 * * * *", timeZone: "UTC", job: .make(kind: "file-drop"),
                                           grace: .seconds(300))
            try db.platform { try JobSchedules.save(schedule, now: clock.now, on: $0) }
            // 16:00Z was due; the cluster was down until 19:30Z: 16:00, 17:00, 18:00, 19:00 missed.
            let back = ISO8601DateFormatter().date(from: "2025-06-15T19:30:00Z")!
            let pass = try maintenance(db, node: "n").runOnce(now: back).schedules
            #expect(pass == .init(enqueued: 1, missed: 4))
            let misses = try db.platform { try JobSchedules.misses(name: "file-drop", partnerID: nil, on: $0) }
            #expect(misses.count == 1)
            #expect(misses.first?.count == 4)
            #expect(misses.first?.firstMissedAt == ISO8601DateFormatter().date(from: "2025-06-15T16:00:00Z"))
            #expect(misses.first?.lastMissedAt == ISO8601DateFormatter().date(from: "2025-06-15T19:00:00Z"))
            let next = try db.owner.query("SELECT next_due_at FROM job_schedules").single().decode(Date.self, at: 0)
            #expect(next == ISO8601DateFormatter().date(from: "2025-06-15T20:00:00Z"))
        }
    }

    @Test func aScheduleWithAnUnknownZoneIsRefusedByName() {
        #expect(throws: JobsError.unknownTimeZone("Mars/Olympus")) {
            try JobSchedule(name: "x", cron: "* * * * *", timeZone: "Mars/Olympus", job: .make())
        }
    }
}
