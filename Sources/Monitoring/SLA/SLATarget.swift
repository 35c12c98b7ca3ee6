/// The three promises a tier makes (DESIGN.md "Tiers, pricing, SLA").
public enum SLATarget: String, Sendable, Hashable, CaseIterable, Comparable {
    case successRate = "success_rate"
    case latency = "p95_latency"
    case availability

    /// How pages and CSV headings name it.
    public var label: String {
        switch self {
        case .successRate: "Success rate"
        case .latency: "Latency (p95)"
        case .availability: "Availability"
        }
    }

    public static func < (lhs: SLATarget, rhs: SLATarget) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One measured window judged against the targets: which targets it missed. A window where
/// nothing finished meets the success target, one where nothing was delivered meets the
/// latency target, and one that counts no minute meets availability — there was nothing to miss.
public struct SLAJudgement: Sendable, Hashable {
    /// The targets the window missed, in `SLATarget` order.
    public let missed: [SLATarget]

    /// Judges `counts` and `availability` against `targets`.
    public init(counts: MessageCounts, availability: Availability, targets: SLATargets) {
        var missed: [SLATarget] = []
        if let rate = counts.successRate, rate < targets.successRate { missed.append(.successRate) }
        if let p95 = counts.latency.percentile(95), p95 > targets.p95LatencyMilliseconds { missed.append(.latency) }
        if let percent = availability.percent, percent < targets.availability { missed.append(.availability) }
        self.missed = missed
    }

    /// Whether every target was met.
    public var met: Bool { missed.isEmpty }
}
