public import Foundation

/// One limit key's allowance at claim time: its concurrency limit and its token bucket, as a
/// pure value (STYLE.md habit 3). The claim reads it from `job_limits` and `job_rate_limits`
/// under a row lock, asks how many jobs may start, and writes the bucket back.
///
/// The bucket holds at most `burst` tokens and gains `ratePerSecond` a second; each job started
/// takes one. `notBefore` (an upstream's Retry-After) allows nothing until it passes.
public struct TokenBucket: Sendable, Equatable {
    /// At most this many jobs with the key running at once; nil for no limit.
    public var maxRunning: Int?
    /// Tokens gained per second; nil for no rate limit.
    public var ratePerSecond: Double?
    /// The most tokens the bucket holds.
    public var burst: Int
    /// Tokens now in the bucket.
    public var tokens: Double
    /// When `tokens` was last brought up to date.
    public var refilledAt: Date
    /// Nothing starts before this (Retry-After), if set.
    public var notBefore: Date?

    /// A bucket from its stored parts.
    public init(maxRunning: Int?, ratePerSecond: Double?, burst: Int, tokens: Double, refilledAt: Date, notBefore: Date?) {
        self.maxRunning = maxRunning
        self.ratePerSecond = ratePerSecond
        self.burst = max(1, burst)
        self.tokens = tokens
        self.refilledAt = refilledAt
        self.notBefore = notBefore
    }

    /// How many jobs may start at `now` with `running` jobs of the key already running, and the
    /// bucket as it stands after refilling (nothing taken yet).
    public mutating func allowance(running: Int, now: Date) -> Int {
        if let ratePerSecond {
            let elapsed = max(0, now.timeIntervalSince(refilledAt))
            tokens = min(Double(burst), tokens + ratePerSecond * elapsed)
            refilledAt = max(refilledAt, now)
        }
        if let notBefore, now < notBefore { return 0 }
        var allowed = Int.max
        if let maxRunning { allowed = max(0, maxRunning - running) }
        if ratePerSecond != nil { allowed = min(allowed, Int(tokens.rounded(.down))) }
        return allowed
    }

    /// Takes one token per job started.
    public mutating func take(_ started: Int) {
        if ratePerSecond != nil { tokens = max(0, tokens - Double(started)) }
    }
}
