public import Foundation

/// Where a customer stands against its targets part-way through a month, in the terms an
/// on-call engineer uses: how much of each target's error budget is spent (Google SRE book,
/// "Embracing Risk": the budget is 100% minus the target).
///
/// - missed: the month so far misses a target;
/// - at risk: it meets them, but has spent at least three quarters of a budget — the success
///   budget is the failures the target allows among the messages finished so far, the
///   availability budget the unavailable minutes it allows in the whole month — or its p95 is
///   at 80% of the latency target or more;
/// - met: neither.
public enum SLAStanding: String, Sendable, Hashable, Comparable, CaseIterable {
    case missed
    case atRisk = "at_risk"
    case met

    /// The share of a budget whose spending puts a month at risk.
    public static let riskShare: Decimal = 0.75
    /// The share of the latency target at which p95 puts a month at risk.
    public static let latencyRiskShare: Decimal = 0.8

    /// Judges a month so far. `monthMinutes` is the whole month's counted minutes (from the
    /// customer's creation), the base of the availability budget.
    public init(counts: MessageCounts, availability: Availability, monthMinutes: Int, targets: SLATargets) {
        if !SLAJudgement(counts: counts, availability: availability, targets: targets).met {
            self = .missed
            return
        }
        let failures = Decimal(counts.exception + counts.dead)
        let allowedFailures = Decimal(counts.finished) * (100 - targets.successRate) / 100
        let allowedDown = Decimal(monthMinutes) * (100 - targets.availability) / 100
        let p95 = Decimal(counts.latency.percentile(95) ?? 0)
        if (failures > 0 && failures >= allowedFailures * Self.riskShare)
            || (availability.unavailableMinutes > 0 && Decimal(availability.unavailableMinutes) >= allowedDown * Self.riskShare)
            || p95 >= Decimal(targets.p95LatencyMilliseconds) * Self.latencyRiskShare {
            self = .atRisk
        } else {
            self = .met
        }
    }

    /// How pages name it.
    public var label: String {
        switch self {
        case .missed: "Missed"
        case .atRisk: "At risk"
        case .met: "On track"
        }
    }

    /// Worst first.
    public static func < (lhs: SLAStanding, rhs: SLAStanding) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
