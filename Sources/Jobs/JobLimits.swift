public import Foundation
public import Postgres

/// The limits of one limit key, as App feeds them from a tier (or an upstream's documented quota).
public struct JobLimit: Sendable, Equatable {
    /// The key jobs carry in `limitKey`.
    public var limitKey: String
    /// At most this many of the key's jobs running at once, across all processes; nil: no limit.
    public var maxRunning: Int?
    /// At most this many of the key's jobs started per second on average; nil: no limit.
    public var ratePerSecond: Double?
    /// How many may start at once after a quiet spell (the bucket's size).
    public var burst: Int

    /// A limit; give at least one of `maxRunning` and `ratePerSecond`.
    public init(limitKey: String, maxRunning: Int? = nil, ratePerSecond: Double? = nil, burst: Int = 1) {
        self.limitKey = limitKey
        self.maxRunning = maxRunning
        self.ratePerSecond = ratePerSecond
        self.burst = burst
    }
}

/// The `job_limits` table: limits are data given to Jobs, read by every claim.
public enum JobLimits {
    static let setSQL = """
        INSERT INTO job_limits (limit_key, max_running, rate_per_second, burst, updated_at) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (limit_key) DO UPDATE
            SET max_running = excluded.max_running, rate_per_second = excluded.rate_per_second, burst = excluded.burst,
                updated_at = excluded.updated_at
        """

    // The bucket starts full; an existing bucket keeps its tokens and any Retry-After.
    static let createBucketSQL = """
        INSERT INTO job_rate_limits (limit_key, tokens, refilled_at) VALUES ($1, $2, $3)
        ON CONFLICT (limit_key) DO NOTHING
        """

    /// Sets (or replaces) a key's limits, in the caller's transaction (platform scope).
    public static func set(_ limit: JobLimit, now: Date, on connection: PostgresConnection) throws {
        guard !limit.limitKey.isEmpty, limit.limitKey.utf8.count <= 200, limit.burst >= 1,
              (limit.maxRunning ?? 0) >= 0, (limit.ratePerSecond ?? 1) > 0 else {
            throw JobsError.invalidConfiguration("limit for \"\(limit.limitKey)\": key 1-200 bytes, burst ≥ 1, maxRunning ≥ 0, rate > 0")
        }
        try connection.execute(PostgresQuery(unsafeSQL: setSQL, binds: [
            limit.limitKey, limit.maxRunning, limit.ratePerSecond, limit.burst, now,
        ]))
        try connection.execute(PostgresQuery(unsafeSQL: createBucketSQL, binds: [limit.limitKey, Double(limit.burst), now]))
    }

    /// Removes a key's limits; its jobs are then unbounded (a pending Retry-After still holds).
    public static func remove(limitKey: String, on connection: PostgresConnection) throws {
        try connection.execute("DELETE FROM job_limits WHERE limit_key = \(limitKey)")
    }
}
