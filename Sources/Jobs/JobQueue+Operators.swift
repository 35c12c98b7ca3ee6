public import Foundation
public import Postgres

/// Which jobs an operator's bulk action applies to; nil fields match everything.
public struct JobFilter: Sendable {
    /// Only this partner's jobs.
    public var partnerID: UUID?
    /// Only jobs of this kind.
    public var kind: String?
    /// Only jobs with this fairness key.
    public var fairnessKey: String?
    /// Only jobs that finished at or after this time.
    public var finishedSince: Date?

    /// A filter; every field optional.
    public init(partnerID: UUID? = nil, kind: String? = nil, fairnessKey: String? = nil, finishedSince: Date? = nil) {
        self.partnerID = partnerID
        self.kind = kind
        self.fairnessKey = fairnessKey
        self.finishedSince = finishedSince
    }
}

extension JobQueue {
    // Cancelling a running job clears its lease: the worker's completion then changes nothing.
    static let cancelSQL = """
        UPDATE jobs SET state = 'cancelled', finished_at = $3, lease_owner = NULL, lease_expires_at = NULL
        WHERE partner_id = $1 AND id = $2 AND state IN ('available', 'retrying', 'running')
        """

    /// Cancels a job that has not finished; returns whether it did.
    @discardableResult
    public static func cancel(partnerID: UUID, id: Int64, now: Date, on connection: PostgresConnection) throws -> Bool {
        try connection.execute(PostgresQuery(unsafeSQL: cancelSQL, binds: [partnerID, id, now])) == 1
    }

    // Attempts start again from zero: the job was dead because they ran out.
    static let retryDeadSQL = """
        UPDATE jobs SET state = 'available', run_at = $5, attempt = 0, finished_at = NULL
        WHERE state = 'dead' AND ($1::uuid IS NULL OR partner_id = $1) AND ($2::text IS NULL OR kind = $2)
          AND ($3::text IS NULL OR fairness_key = $3) AND ($4::timestamptz IS NULL OR finished_at >= $4)
        """

    /// Makes every dead job matching `filter` available again now, attempts reset, and returns
    /// how many (an operator's bulk retry; the last error stays visible until the next attempt).
    @discardableResult
    public static func retryDead(matching filter: JobFilter, now: Date, on connection: PostgresConnection) throws -> Int {
        let count = try connection.execute(PostgresQuery(unsafeSQL: retryDeadSQL, binds: [
            filter.partnerID, filter.kind, filter.fairnessKey, filter.finishedSince, now,
        ]))
        if count > 0 { try connection.notify(channel: notificationChannel) }
        return count
    }

    /// A job's state and attempt, for operators and tests; nil when there is no such job.
    public static func state(partnerID: UUID, id: Int64, on connection: PostgresConnection) throws -> (state: JobState, attempt: Int, runAt: Date)? {
        guard let row = try connection.query("SELECT state, attempt, run_at FROM jobs WHERE partner_id = \(partnerID) AND id = \(id)").first
        else { return nil }
        guard let state = JobState(rawValue: try row.decode(String.self, at: 0)) else {
            throw PostgresError(.decoding, "unknown job state")
        }
        return (state, try row.decode(Int.self, at: 1), try row.decode(Date.self, at: 2))
    }
}
