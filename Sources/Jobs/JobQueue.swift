public import Foundation
public import Postgres

/// The queue's statements. Like the tenancy stores, every function takes a `PostgresConnection`
/// already inside the caller's transaction: enqueueing a job commits or rolls back with the
/// caller's own writes ("store the event and enqueue its job in one transaction").
///
/// Inserting needs a transaction scoped to the job's partner (row-level security checks
/// `partner_id`) or the platform scope. Claiming and finishing run in the platform scope, which
/// the worker pool enters with its `enterScope` hook.
public enum JobQueue {
    /// The channel `pg_notify` wakes idle workers on (DESIGN.md: LISTEN/NOTIFY, polling as fallback).
    public static let notificationChannel = "jobs_available"

    static let insertSQL = """
        INSERT INTO jobs (partner_id, kind, payload, fairness_key, limit_key, priority, run_at, max_attempts, unique_key, created_at)
        VALUES (coalesce($1::uuid, jobs_platform_partner_id()), $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10)
        ON CONFLICT (partner_id, unique_key) WHERE unique_key IS NOT NULL DO NOTHING
        RETURNING id
        """

    /// Enqueues one job in the caller's transaction and returns its id, or nil when a job with
    /// the same `uniqueKey` exists for the partner (an idempotent enqueue that found its twin).
    /// A job due now wakes listening workers when the transaction commits (a rollback drops both).
    @discardableResult
    public static func insert(_ job: NewJob, now: Date, on connection: PostgresConnection) throws -> Int64? {
        try job.validate()
        let runAt = job.runAt ?? now
        let rows = try connection.query(PostgresQuery(unsafeSQL: insertSQL, binds: [
            job.partnerID?.uuidString, job.kind, job.payloadJSON, job.fairnessKey, job.limitKey, Int16(job.priority),
            runAt, job.maxAttempts, job.uniqueKey, now,
        ]))
        guard let row = rows.first else { return nil }
        if runAt <= now { try connection.notify(channel: notificationChannel) }
        return try row.decode(Int64.self, at: 0)
    }

    static let insertBatchSQL = """
        INSERT INTO jobs (partner_id, kind, payload, fairness_key, limit_key, priority, run_at, max_attempts, unique_key, created_at)
        SELECT coalesce(partner_id, jobs_platform_partner_id()), kind, payload, fairness_key, limit_key, priority, run_at,
               max_attempts, unique_key, $10
        FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::text[], $5::text[], $6::int2[], $7::timestamptz[],
                    $8::int4[], $9::text[]) WITH ORDINALITY
             AS batch(partner_id, kind, payload, fairness_key, limit_key, priority, run_at, max_attempts, unique_key, position)
        ORDER BY position
        ON CONFLICT (partner_id, unique_key) WHERE unique_key IS NOT NULL DO NOTHING
        RETURNING id
        """

    /// Enqueues many jobs with one statement in the caller's transaction and returns the ids of
    /// those inserted (jobs whose `uniqueKey` already exists are skipped). One notification
    /// wakes the workers when the transaction commits.
    @discardableResult
    public static func insert(_ jobs: [NewJob], now: Date, on connection: PostgresConnection) throws -> [Int64] {
        guard !jobs.isEmpty else { return [] }
        for job in jobs { try job.validate() }
        let runAts = jobs.map { $0.runAt ?? now }
        let rows = try connection.query(PostgresQuery(unsafeSQL: insertBatchSQL, binds: [
            SQLArray(jobs.map { $0.partnerID?.uuidString }),
            SQLArray(jobs.map(\.kind)),
            SQLArray(jobs.map(\.payloadJSON)),
            SQLArray(jobs.map(\.fairnessKey)),
            SQLArray(jobs.map(\.limitKey)),
            SQLArray(jobs.map(\.priority)),
            SQLArray(try runAts.map { try $0.postgresText() }),
            SQLArray(jobs.map(\.maxAttempts)),
            SQLArray(jobs.map(\.uniqueKey)),
            now,
        ]))
        if runAts.contains(where: { $0 <= now }) { try connection.notify(channel: notificationChannel) }
        return try rows.decode(Int64.self, column: "id")
    }
}
