public import Foundation
public import Postgres

/// `dead_messages`: at least the threshold's count of messages used up their retries in the
/// window (production rollups). Dead messages are lost work until someone replays them.
public struct DeadMessagesCondition: AlertCondition {
    /// `.deadMessages`.
    public let kind = AlertKind.deadMessages

    /// Creates the condition.
    public init() {}

    /// The customer (or the rule's flow) when its dead count reaches the threshold (at least 1).
    public func breaches(of rule: AlertRule, for customer: AlertCustomer, at now: Date,
                         on connection: PostgresConnection) throws -> [AlertSubject] {
        let (start, end) = rule.window(endingAt: now)
        let counts = try MessageRollups.counts(
            MeasurementScope(partnerID: customer.partnerID, customerID: customer.id, flow: rule.flow),
            from: start, to: end, on: connection)
        guard counts.dead > 0, Decimal(counts.dead) >= rule.threshold else { return [] }
        let what = rule.flow ?? "all flows"
        return [AlertSubject(
            customerID: customer.id, flow: rule.flow, name: what, value: Decimal(counts.dead),
            summary: "\(customer.name): \(counts.dead) dead messages in the last \(rule.windowMinutes) minutes "
                + "(\(what); threshold \(rule.threshold)).")]
    }
}
