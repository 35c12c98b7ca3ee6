public import Foundation
public import Postgres

/// `backlog_age`: the oldest production message still waiting for the workers (received or
/// retrying, Migrations/0009's statuses) has waited longer than the threshold in minutes — the
/// queue is stuck or the target is down, whatever the failure rate says.
public struct BacklogAgeCondition: AlertCondition {
    /// `.backlogAge`.
    public let kind = AlertKind.backlogAge

    // messages_open (partner_id, status, received_at) serves the minimum per status.
    static let oldestWaitingSQL = """
        SELECT min(received_at) FROM messages
        WHERE partner_id = $1 AND customer_id = $2 AND environment_kind = 'production'
          AND status IN ('received', 'retrying') AND ($3::text IS NULL OR flow = $3)
        """

    /// Creates the condition.
    public init() {}

    /// The customer (or the rule's flow) when its oldest waiting message is older than the threshold.
    public func breaches(of rule: AlertRule, for customer: AlertCustomer, at now: Date,
                         on connection: PostgresConnection) throws -> [AlertSubject] {
        let oldest = try connection.query(PostgresQuery(unsafeSQL: Self.oldestWaitingSQL, binds: [
            customer.partnerID, customer.id, rule.flow,
        ])).single().decode(Date?.self, at: 0)
        guard let oldest else { return [] }
        let minutes = Int(now.timeIntervalSince(oldest) / 60)
        guard minutes > 0, Decimal(minutes) >= rule.threshold else { return [] }
        let what = rule.flow ?? "all flows"
        return [AlertSubject(
            customerID: customer.id, flow: rule.flow, name: what, value: Decimal(minutes),
            summary: "\(customer.name): the oldest waiting message has waited \(minutes) minutes "
                + "(\(what); threshold \(rule.threshold) minutes).")]
    }
}
