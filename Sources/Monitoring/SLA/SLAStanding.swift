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

    /// Judges a month so far. `monthMinutes` is the whole month's counted minutes (from the
    /// customer's creation), the base of the availability budget.
    public init(counts: MessageCounts, availability: Availability, monthMinutes: Int, targets: SLATargets) {
        if !SLAJudgement(counts: counts, availability: availability, targets: targets).met {
            self = .missed
            return
        }
        // In integers (thousandths of a percent, SLATargets): failures ≥ ¾ × finished × (100% − target)
        // ⇔ 4 × failures × 100,000 ≥ 3 × finished × (100,000 − target); the same for minutes;
        // p95 ≥ 0.8 × target ⇔ 10 × p95 ≥ 8 × target.
        let failures = counts.exception + counts.dead
        let failureBudget = counts.finished * (100_000 - targets.successRateThousandths)
        let downBudget = monthMinutes * (100_000 - targets.availabilityThousandths)
        let p95 = counts.latency.percentile(95) ?? 0
        if (failures > 0 && 4 * failures * 100_000 >= 3 * failureBudget)
            || (availability.unavailableMinutes > 0 && 4 * availability.unavailableMinutes * 100_000 >= 3 * downBudget)
            || 10 * p95 >= 8 * targets.p95LatencyMilliseconds {
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
