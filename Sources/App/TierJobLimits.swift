import Flows
import Foundation
import Jobs
import Postgres
import Tenancy

/// Feeds the job limits from the tiers (issue 6 §1: "the tier's concurrency and rate limits hold
/// across all worker processes"). Every connection's jobs carry its limit key
/// (`MessageJobs.limitKey(connection:)`: messages by their flow's target, polls by their source),
/// and the claim enforces `job_limits` for a key in every process at once. This job writes each
/// connection's row from its customer's tier terms in force today: at most `concurrency_limit`
/// jobs running against that system, and `rate_limit_per_minute` started per minute, with bursts
/// up to the concurrency. So the limits are per upstream credential: a customer's shop and ERP
/// each get the tier's allowance, which is what protects the other system.
///
/// A platform schedule runs it every minute (saved at start, idempotently), so a tier change
/// (from the next billing period, Billing's rule) and a new connection are limited within a
/// minute. Only rows that differ are written.
struct TierJobLimits: JobHandler {
    /// `limits.tiers`.
    static let jobKind = "limits.tiers"
    /// The schedule's name (a platform schedule, not a partner's).
    static let scheduleName = "platform:tier-job-limits"

    let kind = Self.jobKind
    /// The application role's pool; the job runs in the platform scope.
    let database: PostgresPool
    let now: @Sendable () -> Date

    // The terms in force for each connection's customer today, where the key's row differs.
    static let changedSQL = """
        SELECT 'connection:' || c.id::text, t.concurrency_limit, t.rate_limit_per_minute
        FROM connections c
        JOIN customers cu ON cu.partner_id = c.partner_id AND cu.id = c.customer_id
        JOIN LATERAL (SELECT tt.concurrency_limit, tt.rate_limit_per_minute FROM tier_terms tt
                      WHERE tt.partner_id = cu.partner_id AND tt.code = cu.tier_code AND tt.effective_from <= $1::date
                      ORDER BY tt.effective_from DESC LIMIT 1) t ON true
        LEFT JOIN job_limits l ON l.limit_key = 'connection:' || c.id::text
        WHERE l.limit_key IS NULL OR l.max_running IS DISTINCT FROM t.concurrency_limit
           OR l.rate_per_second IS DISTINCT FROM t.rate_limit_per_minute / 60.0
        """

    /// Writes the limits that differ from the tiers; returns how many keys it wrote.
    @discardableResult
    static func sync(now: Date, on connection: PostgresConnection) throws -> Int {
        let day = ISO8601DateFormatter.string(from: now, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        let changed = try connection.query(PostgresQuery(unsafeSQL: changedSQL, binds: [day])).decode((String, Int, Int).self)
        for (key, concurrency, perMinute) in changed {
            try JobLimits.set(JobLimit(limitKey: key, maxRunning: concurrency, ratePerSecond: Double(perMinute) / 60,
                                       burst: max(1, concurrency)), now: now, on: connection)
        }
        return changed.count
    }

    /// Saves the every-minute schedule (idempotent), in the platform scope.
    static func schedule(now: Date, on connection: PostgresConnection) throws {
        try JobSchedules.save(JobSchedule(name: scheduleName, cron: "* * * * *", timeZone: "UTC",
                                          job: NewJob(kind: jobKind, payloadJSON: "{}", maxAttempts: 3), grace: .seconds(300)),
                              now: now, on: connection)
    }

    func run(_ job: Job) throws -> JobOutcome {
        try database.transaction { connection in
            try connection.enter(.system)
            try Self.sync(now: now(), on: connection)
        }
        return .completed
    }
}
