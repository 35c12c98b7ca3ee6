public import Foundation
public import Postgres

extension JobQueue {
    // Only the lease holder finishes a job: the owner and the attempt must both match, so a
    // worker whose lease expired (its job rescued, perhaps running elsewhere) changes nothing.
    static let completeSQL = """
        UPDATE jobs SET state = 'completed', finished_at = $4, lease_owner = NULL, lease_expires_at = NULL
        FROM unnest($1::uuid[], $2::int8[], $3::int4[]) AS d(partner_id, id, attempt)
        WHERE jobs.partner_id = d.partner_id AND jobs.id = d.id AND jobs.attempt = d.attempt
          AND jobs.state = 'running' AND jobs.lease_owner = $5
        """

    /// Marks many jobs completed with one statement; returns how many this owner still held.
    @discardableResult
    public static func complete(_ leases: [JobLease], owner: String, now: Date, on connection: PostgresConnection) throws -> Int {
        guard !leases.isEmpty else { return 0 }
        let (partners, ids, attempts) = leases.columns
        return try connection.execute(PostgresQuery(unsafeSQL: completeSQL, binds: [partners, ids, attempts, now, owner]))
    }

    static let finishSQL = """
        UPDATE jobs SET state = $5, run_at = coalesce($6, run_at), finished_at = $7,
               attempt = CASE WHEN $8 THEN attempt ELSE attempt - 1 END,
               last_error_class = coalesce($9, last_error_class), last_error = coalesce(left($10, 4000), last_error),
               completed_with_exception = $11, lease_owner = NULL, lease_expires_at = NULL
        WHERE partner_id = $1 AND id = $2 AND attempt = $3 AND state = 'running' AND lease_owner = $4
        RETURNING limit_key
        """

    static let throttleSQL = """
        INSERT INTO job_rate_limits AS b (limit_key, tokens, refilled_at, not_before) VALUES ($1, 0, $2, $3)
        ON CONFLICT (limit_key) DO UPDATE SET not_before = greatest(b.not_before, excluded.not_before)
        """

    /// Applies one attempt's transition (from `JobTransition.after`) if `owner` still holds the
    /// lease; returns whether it did. A throttle in the transition pushes the job's limit key's
    /// next-allowed time, so every process holds back that key's jobs until then.
    @discardableResult
    public static func finish(_ lease: JobLease, owner: String, transition: JobTransition, now: Date,
                              on connection: PostgresConnection) throws -> Bool {
        let rows = try connection.query(PostgresQuery(unsafeSQL: finishSQL, binds: [
            lease.partnerID, lease.id, lease.attempt, owner, transition.state.rawValue, transition.runAt, transition.finishedAt,
            transition.countsAttempt, transition.error?.errorClass.rawValue, transition.error?.message,
            transition.completedWithException,
        ]))
        guard let row = rows.first else { return false }
        if let notBefore = transition.limitKeyNotBefore, let limitKey = try row.decode(String?.self, at: 0) {
            try connection.execute(PostgresQuery(unsafeSQL: throttleSQL, binds: [limitKey, now, notBefore]))
        }
        if transition.state == .available || transition.state == .retrying, let runAt = transition.runAt, runAt <= now {
            try connection.notify(channel: notificationChannel)
        }
        return true
    }

    static let heartbeatSQL = """
        UPDATE jobs SET lease_expires_at = $5
        FROM unnest($1::uuid[], $2::int8[], $3::int4[]) AS d(partner_id, id, attempt)
        WHERE jobs.partner_id = d.partner_id AND jobs.id = d.id AND jobs.attempt = d.attempt
          AND jobs.state = 'running' AND jobs.lease_owner = $4
        RETURNING jobs.partner_id, jobs.id, jobs.attempt
        """

    /// Extends the leases `owner` still holds to `leaseUntil` and returns those; a lease missing
    /// from the answer was lost (rescued or cancelled), and finishing that job will change nothing.
    public static func heartbeat(_ leases: [JobLease], owner: String, leaseUntil: Date,
                                 on connection: PostgresConnection) throws -> Set<JobLease> {
        guard !leases.isEmpty else { return [] }
        let (partners, ids, attempts) = leases.columns
        let rows = try connection.query(PostgresQuery(unsafeSQL: heartbeatSQL, binds: [partners, ids, attempts, owner, leaseUntil]))
        return Set(try rows.map {
            JobLease(partnerID: try $0.decode(UUID.self, at: 0), id: try $0.decode(Int64.self, at: 1), attempt: try $0.decode(Int.self, at: 2))
        })
    }
}
