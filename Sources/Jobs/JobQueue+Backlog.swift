public import Foundation
public import Postgres

extension JobQueue {
    /// What waits in the queue for one kind: jobs due now and the age of the oldest of them.
    public struct Backlog: Sendable, Equatable {
        /// The job kind.
        public var kind: String
        /// Jobs available or retrying whose `run_at` has come.
        public var available: Int
        /// Seconds since the oldest of them became due (0 when none).
        public var oldestAgeSeconds: Double
    }

    // Reads the `jobs_claimable` partial index's rows only (available and retrying), so the cost
    // follows the backlog, not the table; the maintenance leader runs it at most every
    // `WorkerPool.backlogInterval`, never per scrape.
    static let backlogSQL = """
        SELECT kind, count(*)::int8, COALESCE(EXTRACT(EPOCH FROM ($1::timestamptz - min(run_at))), 0)::float8
        FROM jobs WHERE state IN ('available', 'retrying') AND run_at <= $1
        GROUP BY kind ORDER BY kind
        """

    /// The due jobs by kind at `now`, in the platform scope.
    public static func backlog(now: Date, on connection: PostgresConnection) throws -> [Backlog] {
        try connection.query(PostgresQuery(unsafeSQL: backlogSQL, binds: [now])).decode((String, Int64, Double).self)
            .map { Backlog(kind: $0.0, available: Int($0.1), oldestAgeSeconds: max(0, $0.2)) }
    }
}
