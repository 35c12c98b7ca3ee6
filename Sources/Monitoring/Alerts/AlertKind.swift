/// What a rule watches (Migrations/0018, `alert_rules.kind`). Each kind has an
/// ``AlertCondition`` in ``AlertConditions/standard``.
public enum AlertKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Failed messages (exception or dead) as a percentage of those finished in the window, once
    /// at least the rule's minimum volume finished. Threshold: percent.
    case failureRate = "failure_rate"
    /// The oldest message still waiting (received or retrying) is older than the threshold in
    /// minutes.
    case backlogAge = "backlog_age"
    /// At least the threshold's count of messages went dead in the window.
    case deadMessages = "dead_messages"
    /// A production connection is paused (by a person, or because its credentials were rejected).
    case pausedConnection = "paused_connection"
    /// The customer's month so far stands at risk or missed against its tier's SLA targets
    /// (``SLAAtRiskCondition``). Threshold and window unused: the tier's targets are the threshold.
    case slaAtRisk = "sla_at_risk"

    /// A short name for mail subjects and pages.
    public var title: String {
        switch self {
        case .failureRate: "Failure rate"
        case .backlogAge: "Backlog age"
        case .deadMessages: "Dead messages"
        case .pausedConnection: "Paused connection"
        case .slaAtRisk: "SLA at risk"
        }
    }
}
