public import Foundation
public import Postgres

/// `paused_connection`: a production connection is paused — by a person, or by the workers when
/// the system refused its credentials (Migrations/0005's `status`, `paused_reason`). Nothing
/// moves through it until someone acts, so each paused connection is an alert of its own.
public struct PausedConnectionCondition: AlertCondition {
    /// `.pausedConnection`.
    public let kind = AlertKind.pausedConnection

    static let pausedSQL = """
        SELECT name, paused_reason FROM connections
        WHERE partner_id = $1 AND customer_id = $2 AND environment_kind = 'production' AND status = 'paused'
        ORDER BY name
        """

    /// Creates the condition.
    public init() {}

    /// One subject per paused production connection of the customer (the rule's flow, if
    /// any, is not a property of a connection and is ignored).
    public func breaches(of rule: AlertRule, for customer: AlertCustomer, at now: Date,
                         on connection: PostgresConnection) throws -> [AlertSubject] {
        try connection.query(PostgresQuery(unsafeSQL: Self.pausedSQL, binds: [customer.partnerID, customer.id]))
            .decode((String, String?).self)
            .map { name, reason in
                AlertSubject(customerID: customer.id, flow: nil, name: name, value: 1,
                             summary: "\(customer.name): connection “\(name)” is paused: \(reason ?? "no reason given").")
            }
    }
}
