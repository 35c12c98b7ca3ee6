public import Foundation
public import Postgres

/// `failure_rate`: messages that ended in the exception queue or dead, as a percentage of the
/// messages that finished in the window (MessageCounts.finished), from the production rollups.
/// A quiet window — fewer finished than the rule's minimum volume — never fires: two failures
/// out of three messages at night say little.
public struct FailureRateCondition: AlertCondition {
    /// `.failureRate`.
    public let kind = AlertKind.failureRate

    /// Creates the condition.
    public init() {}

    /// The customer (or the rule's flow) when its failure percentage reaches the threshold.
    public func breaches(of rule: AlertRule, for customer: AlertCustomer, at now: Date,
                         on connection: PostgresConnection) throws -> [AlertSubject] {
        let (start, end) = rule.window(endingAt: now)
        let counts = try MessageRollups.counts(
            MeasurementScope(partnerID: customer.partnerID, customerID: customer.id, flow: rule.flow),
            from: start, to: end, on: connection)
        guard counts.finished >= rule.minimumVolume, counts.finished > 0 else { return [] }
        let failed = counts.exception + counts.dead
        let percent = MessageCounts.percent(failed, of: counts.finished)
        guard percent >= rule.threshold else { return [] }
        let what = rule.flow ?? "all flows"
        return [AlertSubject(
            customerID: customer.id, flow: rule.flow, name: what, value: percent,
            summary: "\(customer.name): \(percent)% of \(counts.finished) messages failed in the last "
                + "\(rule.windowMinutes) minutes (\(what); threshold \(rule.threshold)%).")]
    }
}
