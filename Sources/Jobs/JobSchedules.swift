public import Foundation
public import Postgres

/// The `job_schedules` table and the scheduler pass the maintenance leader runs.
public enum JobSchedules {
    static let saveSQL = """
        INSERT INTO job_schedules AS s (partner_id, name, cron, time_zone, kind, payload, fairness_key, limit_key, priority,
                                        max_attempts, grace_seconds, enabled, next_due_at)
        VALUES (coalesce($1::uuid, jobs_platform_partner_id()), $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13)
        ON CONFLICT (partner_id, name) DO UPDATE
            SET cron = excluded.cron, time_zone = excluded.time_zone, kind = excluded.kind, payload = excluded.payload,
                fairness_key = excluded.fairness_key, limit_key = excluded.limit_key, priority = excluded.priority,
                max_attempts = excluded.max_attempts, grace_seconds = excluded.grace_seconds, enabled = excluded.enabled,
                next_due_at = excluded.next_due_at
        """

    /// Stores (or replaces) a schedule in the caller's transaction; its next due time is the
    /// first after `now`, so changing a schedule never enqueues a run it would have had earlier.
    public static func save(_ schedule: JobSchedule, now: Date, on connection: PostgresConnection) throws {
        try schedule.job.validate()
        guard schedule.name.range(of: "^[A-Za-z0-9][A-Za-z0-9:._/-]{0,199}$", options: .regularExpression) != nil else {
            throw JobsError.invalidSchedule("name \"\(schedule.name)\" must be 1-200 letters, digits, ':', '.', '_', '/' or '-'")
        }
        guard let next = schedule.cron.nextFire(after: now, in: schedule.timeZone) else {
            throw JobsError.invalidSchedule("\"\(schedule.cron)\" never fires")
        }
        let job = schedule.job
        try connection.execute(PostgresQuery(unsafeSQL: saveSQL, binds: [
            job.partnerID?.uuidString, schedule.name, schedule.cron.description, schedule.timeZone.identifier, job.kind,
            job.payloadJSON, job.fairnessKey, job.limitKey, Int16(job.priority), job.maxAttempts,
            Int(schedule.grace.seconds), schedule.isEnabled, next,
        ]))
    }

    /// Removes a schedule; returns whether there was one.
    @discardableResult
    public static func remove(name: String, partnerID: UUID?, on connection: PostgresConnection) throws -> Bool {
        try connection.execute("""
            DELETE FROM job_schedules WHERE partner_id = coalesce(\(partnerID?.uuidString)::uuid, jobs_platform_partner_id())
              AND name = \(name)
            """) == 1
    }

    static let dueSQL = """
        SELECT partner_id, name, cron, time_zone, kind, payload::text, fairness_key, limit_key, priority, max_attempts,
               grace_seconds, next_due_at
        FROM job_schedules WHERE enabled AND next_due_at <= $1
        ORDER BY next_due_at LIMIT $2 FOR UPDATE SKIP LOCKED
        """

    static let advanceSQL = """
        UPDATE job_schedules SET next_due_at = $3, last_enqueued_at = coalesce($4, last_enqueued_at)
        WHERE partner_id = $1 AND name = $2
        """

    static let missSQL = """
        INSERT INTO job_schedule_misses (partner_id, schedule_name, first_missed_at, last_missed_at, missed_count, detected_at)
        VALUES ($1, $2, $3, $4, $5, $6)
        """

    /// What one scheduler pass did.
    public struct Pass: Sendable, Equatable {
        /// Jobs enqueued (due times not enqueued before).
        public var enqueued: Int
        /// Due times found past their grace, raised as missed.
        public var missed: Int

        /// A pass's counts.
        public init(enqueued: Int = 0, missed: Int = 0) {
            self.enqueued = enqueued
            self.missed = missed
        }
    }

    /// Enqueues the jobs of every schedule due by `now`, in the caller's transaction (platform
    /// scope; the leader's duty).
    ///
    /// Each due time within its grace is enqueued (unique key schedule + due time, so a due time
    /// runs once even if two leaders overlap). Due times found later than the grace — the
    /// leader was down, the database unreachable — are recorded as one miss for Monitoring to
    /// raise; if every due time was missed, the latest still runs once, late, so a daily batch
    /// is late rather than skipped. A schedule whose expression or zone no longer reads is
    /// disabled and reported, never silently skipped.
    /// `onMiss` raises each miss in this transaction.
    public static func enqueueDue(now: Date, limit: Int = 100, onMiss: JobScheduleMiss.Handler? = nil,
                                  on connection: PostgresConnection) throws -> Pass {
        var pass = Pass()
        func miss(_ partnerID: UUID, _ name: String, _ first: Date, _ last: Date, _ count: Int) throws {
            try connection.execute(PostgresQuery(unsafeSQL: missSQL, binds: [partnerID, name, first, last, count, now]))
            pass.missed += count
            try onMiss?(JobScheduleMiss(partnerID: partnerID, scheduleName: name, firstMissedAt: first, lastMissedAt: last,
                                        count: count, detectedAt: now), connection)
        }
        for row in try connection.query(PostgresQuery(unsafeSQL: dueSQL, binds: [now, limit])) {
            let partnerID = try row.decode(UUID.self, at: 0)
            let name = try row.decode(String.self, at: 1)
            let firstDue = try row.decode(Date.self, at: 11)
            let schedule: JobSchedule
            do {
                schedule = try JobSchedule(
                    name: name, cron: try row.decode(String.self, at: 2), timeZone: try row.decode(String.self, at: 3),
                    job: NewJob(kind: try row.decode(String.self, at: 4), payloadJSON: try row.decode(String.self, at: 5),
                                partnerID: partnerID, fairnessKey: try row.decode(String.self, at: 6),
                                limitKey: try row.decode(String?.self, at: 7), priority: Int(try row.decode(Int16.self, at: 8)),
                                maxAttempts: try row.decode(Int.self, at: 9)),
                    grace: .seconds(try row.decode(Int.self, at: 10)))
            } catch {
                try connection.execute("UPDATE job_schedules SET enabled = false WHERE partner_id = \(partnerID) AND name = \(name)")
                try miss(partnerID, name, firstDue, firstDue, 1)
                continue
            }
            let dues = schedule.dueTimes(from: firstDue, through: now)
            let onTime = dues.filter { now.timeIntervalSince($0) <= schedule.grace.seconds }
            let late = dues.filter { now.timeIntervalSince($0) > schedule.grace.seconds }
            if let first = late.first, let last = late.last {
                try miss(partnerID, name, first, last, late.count)
            }
            let toEnqueue = onTime.isEmpty ? Array(dues.suffix(1)) : onTime
            for due in toEnqueue {
                var job = schedule.job
                job.runAt = due
                job.uniqueKey = JobSchedule.uniqueKey(schedule: name, due: due)
                if try JobQueue.insert(job, now: now, on: connection) != nil { pass.enqueued += 1 }
            }
            let next = schedule.cron.nextFire(after: max(now, dues.last ?? now), in: schedule.timeZone)
            try connection.execute(PostgresQuery(unsafeSQL: advanceSQL, binds: [
                partnerID, name, next ?? Date.distantFuture, toEnqueue.isEmpty ? nil : now,
            ]))
        }
        return pass
    }

    /// The misses recorded for a schedule, newest first (for Monitoring and tests).
    public static func misses(name: String, partnerID: UUID?, on connection: PostgresConnection) throws
        -> [(firstMissedAt: Date, lastMissedAt: Date, count: Int)] {
        try connection.query("""
            SELECT first_missed_at, last_missed_at, missed_count FROM job_schedule_misses
            WHERE partner_id = coalesce(\(partnerID?.uuidString)::uuid, jobs_platform_partner_id()) AND schedule_name = \(name)
            ORDER BY id DESC
            """).decode((Date, Date, Int).self)
    }
}
