public import Foundation
public import Postgres

/// A customer as billed for one month, read from its tier and status history
/// (Migrations/0017, `customer_tier_changes`).
///
/// **Rules:**
/// - The tier is the one in force at the month's first instant (UTC): a change during the month
///   applies from the next month, as a change of a tier's terms does (DESIGN.md).
/// - A customer created during the month is billed from that month, on its first tier, for the
///   days from its creation day to the month's end.
/// - A customer is billed for a month when it was active at any time in it; a suspension does
///   not prorate the month (the partner decides when to suspend).
public struct BilledCustomer: Sendable, Hashable {
    /// The customer.
    public var id: UUID
    /// Its name now.
    public var name: String
    /// The tier it is billed on.
    public var tierCode: String
    /// Days of the month billed.
    public var daysBilled: Int

    // Per customer: the state at the month's first instant, the first change inside the month,
    // and whether it was active at any change inside the month.
    static let standingSQL = """
        SELECT c.id, c.name, s.tier_code, s.status, f.tier_code, f.changed_at,
               EXISTS (SELECT 1 FROM customer_tier_changes x
                       WHERE x.partner_id = c.partner_id AND x.customer_id = c.id
                         AND x.changed_at > $2 AND x.changed_at < $3 AND x.status = 'active')
        FROM customers c
        LEFT JOIN LATERAL (
            SELECT tier_code, status FROM customer_tier_changes x
            WHERE x.partner_id = c.partner_id AND x.customer_id = c.id AND x.changed_at <= $2
            ORDER BY x.changed_at DESC, x.id DESC LIMIT 1) s ON true
        LEFT JOIN LATERAL (
            SELECT tier_code, changed_at FROM customer_tier_changes x
            WHERE x.partner_id = c.partner_id AND x.customer_id = c.id AND x.changed_at > $2 AND x.changed_at < $3
            ORDER BY x.changed_at, x.id LIMIT 1) f ON true
        WHERE c.partner_id = $1
        ORDER BY c.name, c.id
        """

    /// The partner's customers billed for `month`, by name.
    public static func list(partner partnerID: UUID, in month: BillingMonth,
                            on connection: PostgresConnection) throws -> [BilledCustomer] {
        let rows = try connection.query(PostgresQuery(unsafeSQL: standingSQL, binds: [partnerID, month.firstDay,
                                                                                    month.next.firstDay]))
        return try rows.decode((UUID, String, String?, String?, String?, Date?, Bool).self).compactMap { row in
            let (id, name, startTier, startStatus, firstTier, firstChange, activeInMonth) = row
            if let startTier {
                guard startStatus == "active" || activeInMonth else { return nil }
                return BilledCustomer(id: id, name: name, tierCode: startTier, daysBilled: month.dayCount)
            }
            // Created during the month: its first row is its creation.
            guard let firstTier, let firstChange, activeInMonth else { return nil }
            let days = month.dayCount - BillingMonth.dayOfMonth(firstChange) + 1
            return BilledCustomer(id: id, name: name, tierCode: firstTier, daysBilled: days)
        }
    }
}
