public import Foundation

/// A customer's service over a period against its tier's targets (issue 7 §2): what a partner
/// puts in front of the customer at the monthly review.
public struct SLAReport: Sendable {
    /// The customer measured.
    public var customerID: UUID
    /// Its name.
    public var customerName: String
    /// The period `[start, end)`.
    public var start: Date
    /// The period's end (exclusive).
    public var end: Date
    /// When it was measured; a period that has not ended is measured up to here.
    public var measuredAt: Date
    /// The tier's targets at the period's start.
    public var targets: SLATargets
    /// Production messages, all flows.
    public var counts: MessageCounts
    /// The same per flow, by flow name.
    public var countsByFlow: [String: MessageCounts]
    /// The period's minutes.
    public var availability: Availability
    /// Each day's counts (UTC days with any), for charts.
    public var days: [(start: Date, counts: MessageCounts)]
    /// The windows that missed a target.
    public var incidents: [SLAIncident]

    /// Which targets the whole period missed.
    public var judgement: SLAJudgement { SLAJudgement(counts: counts, availability: availability, targets: targets) }

    /// Whether the period has ended (a month report before the month is over is provisional).
    public var isFinal: Bool { measuredAt >= end }

    /// The median of receipt-to-delivery, in milliseconds (`LatencyHistogram.percentile`).
    public var p50: Int? { counts.latency.percentile(50) }
    /// The 95th percentile: what the tier's latency target is about.
    public var p95: Int? { counts.latency.percentile(95) }
    /// The 99th percentile.
    public var p99: Int? { counts.latency.percentile(99) }
}
