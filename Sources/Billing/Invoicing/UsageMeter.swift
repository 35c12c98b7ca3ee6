public import Foundation
public import Postgres

/// One UTC day of a customer's billable usage.
public struct UsageDay: Sendable, Hashable, Codable {
    /// Midnight UTC at the start of the day.
    public var day: Date
    /// Messages delivered in the customer's production environments that day.
    public var delivered: Int
}

/// Usage metering (issue 7 §5), a read model over Monitoring's day rollups (Migrations/0016,
/// `message_rollups`, read here in SQL so Billing does not depend on Monitoring).
///
/// **Rule: usage is the number of messages delivered in the customer's production environments,
/// per UTC day; the sandbox is free.** Nothing is counted twice, because the rollups count each
/// delivery once (an attempt's outcome is written once). A replay is a new message, so its
/// delivery is a new delivery and is billed. Only folded events are counted: the month-end job
/// folds every waiting event before it closes a month.
///
/// Reads run in the caller's scope: a partner sees its own customers, the platform scope all.
public enum UsageMeter {
    static let daysSQL = """
        SELECT bucket_start, sum(delivered)::bigint FROM message_rollups
        WHERE partner_id = $1 AND customer_id = $2 AND grain = 'day' AND environment_kind = 'production'
          AND bucket_start >= $3 AND bucket_start < $4
        GROUP BY bucket_start ORDER BY bucket_start
        """
    static let totalsSQL = """
        SELECT customer_id, sum(delivered)::bigint FROM message_rollups
        WHERE partner_id = $1 AND grain = 'day' AND environment_kind = 'production'
          AND bucket_start >= $2 AND bucket_start < $3
        GROUP BY customer_id
        """

    /// The customer's usage per day in `month`, days without deliveries left out, oldest first.
    public static func days(_ customerID: UUID, partner partnerID: UUID, in month: BillingMonth,
                            on connection: PostgresConnection) throws -> [UsageDay] {
        try connection.query(PostgresQuery(unsafeSQL: daysSQL, binds: [partnerID, customerID, month.firstDay,
                                                                       month.next.firstDay]))
            .decode((Date, Int).self).map { UsageDay(day: $0.0, delivered: $0.1) }
    }

    /// Every customer's usage in `month` for the partner; customers without deliveries are missing.
    public static func totals(partner partnerID: UUID, in month: BillingMonth,
                              on connection: PostgresConnection) throws -> [UUID: MonthlyUsage] {
        let rows = try connection.query(PostgresQuery(unsafeSQL: totalsSQL, binds: [partnerID, month.firstDay,
                                                                                   month.next.firstDay]))
        return Dictionary(uniqueKeysWithValues: try rows.decode((UUID, Int).self).map { ($0.0, MonthlyUsage(transactions: $0.1)) })
    }
}
