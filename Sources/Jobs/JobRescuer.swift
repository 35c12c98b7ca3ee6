public import Foundation
public import Postgres

/// Returns the jobs of workers that died (their lease expired unrenewed) and cleans finished
/// jobs away: maintenance the leader runs (river's rescuer and cleaner).
public enum JobRescuer {
    // The attempt was counted when the job was claimed; one with attempts left is available
    // again at once, one without is dead. SKIP LOCKED and a batch keep each pass short.
    static let rescueSQL = """
        UPDATE jobs SET state = CASE WHEN jobs.attempt >= jobs.max_attempts THEN 'dead' ELSE 'available' END,
               run_at = $1,
               finished_at = CASE WHEN jobs.attempt >= jobs.max_attempts THEN $1 END,
               last_error_class = 'lease_expired',
               last_error = 'the lease of worker ' || jobs.lease_owner || ' expired at ' || jobs.lease_expires_at::text
                            || ' (attempt ' || jobs.attempt || ' of ' || jobs.max_attempts || ')',
               lease_owner = NULL, lease_expires_at = NULL
        FROM (SELECT partner_id, id FROM jobs WHERE state = 'running' AND lease_expires_at <= $1
              ORDER BY lease_expires_at LIMIT $2 FOR UPDATE SKIP LOCKED) AS expired
        WHERE jobs.partner_id = expired.partner_id AND jobs.id = expired.id
        RETURNING jobs.state
        """

    /// What one rescue pass did.
    public struct Rescued: Sendable, Equatable {
        /// Jobs made available again.
        public var retried: Int
        /// Jobs that had no attempts left and are dead.
        public var dead: Int

        /// A pass's counts.
        public init(retried: Int, dead: Int) {
            self.retried = retried
            self.dead = dead
        }
    }

    /// Rescues up to `limit` jobs whose lease expired by `now`, in the caller's transaction.
    public static func rescue(now: Date, limit: Int = 1000, on connection: PostgresConnection) throws -> Rescued {
        let states = try connection.query(PostgresQuery(unsafeSQL: rescueSQL, binds: [now, limit])).decode(String.self, column: "state")
        let dead = states.filter { $0 == JobState.dead.rawValue }.count
        if states.count > dead { try connection.notify(channel: JobQueue.notificationChannel) }
        return Rescued(retried: states.count - dead, dead: dead)
    }

    // Dead jobs stay for operators; completed and cancelled ones go after the retention, which
    // also ends their unique keys' protection against a second enqueue.
    static let cleanSQL = """
        DELETE FROM jobs USING (
            SELECT partner_id, id FROM jobs WHERE state IN ('completed', 'cancelled') AND finished_at < $1 LIMIT $2
        ) AS old
        WHERE jobs.partner_id = old.partner_id AND jobs.id = old.id
        """

    /// Deletes up to `limit` completed or cancelled jobs that finished before `finishedBefore`.
    @discardableResult
    public static func clean(finishedBefore: Date, limit: Int = 10_000, on connection: PostgresConnection) throws -> Int {
        try connection.execute(PostgresQuery(unsafeSQL: cleanSQL, binds: [finishedBefore, limit]))
    }
}
