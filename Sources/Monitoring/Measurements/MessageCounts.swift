public import Foundation

/// What happened to a set of messages in a window: the counts of Migrations/0016's rollups and
/// the latency of the delivered ones.
public struct MessageCounts: Sendable, Hashable {
    /// Messages received (a webhook, a poll, a file row, a replay).
    public var received: Int
    /// Messages delivered to their target.
    public var delivered: Int
    /// Attempts that failed and were scheduled again (not messages: one message may fail often).
    public var failed: Int
    /// Messages that went to the exception queue (a business problem, or refused for good).
    public var exception: Int
    /// Messages that used up their retries.
    public var dead: Int
    /// The sum of the delivered messages' latencies, for the mean.
    public var latencySumMilliseconds: Int
    /// The delivered messages' latencies.
    public var latency: LatencyHistogram

    /// Counts, zero unless given.
    public init(received: Int = 0, delivered: Int = 0, failed: Int = 0, exception: Int = 0, dead: Int = 0,
                latencySumMilliseconds: Int = 0, latency: LatencyHistogram = LatencyHistogram()) {
        self.received = received
        self.delivered = delivered
        self.failed = failed
        self.exception = exception
        self.dead = dead
        self.latencySumMilliseconds = latencySumMilliseconds
        self.latency = latency
    }

    /// Nothing at all.
    public static let zero = MessageCounts()

    /// Adds another window's counts.
    public mutating func add(_ other: MessageCounts) {
        received += other.received
        delivered += other.delivered
        failed += other.failed
        exception += other.exception
        dead += other.dead
        latencySumMilliseconds += other.latencySumMilliseconds
        latency.add(other.latency)
    }

    /// Messages that reached an outcome in the window: delivered, in exception or dead.
    public var finished: Int { delivered + exception + dead }

    /// Delivered out of finished, in percent (exact decimal, rounded to 3 places half-down so
    /// a rate is never shown above what was measured); nil when nothing finished — a quiet
    /// window meets every target.
    public var successRate: Decimal? {
        guard finished > 0 else { return nil }
        return Self.percent(delivered, of: finished)
    }

    /// The mean latency of the delivered messages in whole milliseconds; nil when none.
    public var meanLatencyMilliseconds: Int? {
        delivered > 0 ? Int((Double(latencySumMilliseconds) / Double(delivered)).rounded()) : nil
    }

    /// `part` of `whole` in percent, truncated to 3 decimal places: the exact floor in
    /// integers (thousandths of a percent), then one Decimal — Decimal division took a tenth of
    /// the partner's page, and could round its 38th digit up across a thousandth.
    /// Callers pass `0 ≤ part ≤ whole` and `whole > 0`.
    static func percent(_ part: Int, of whole: Int) -> Decimal {
        Decimal(sign: .plus, exponent: -3, significand: Decimal(max(0, part) * 100_000 / max(1, whole)))
    }
}
