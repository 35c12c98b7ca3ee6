import Billing
import Foundation
import Postgres

/// The support window a customer's alerts follow: its tier's terms in force on the day (Billing's
/// rule: the terms of the latest `effective_from` not after it). Terms that only start later —
/// a partner created this month, looked at with an earlier clock — fall back to the earliest,
/// so a customer is never without a window.
enum CustomerSupportWindow {
    static let sql = """
        SELECT t.support_window, t.support_time_zone, t.support_start_hour, t.support_end_hour
        FROM customers cu
        JOIN LATERAL (SELECT tt.* FROM tier_terms tt
                      WHERE tt.partner_id = cu.partner_id AND tt.code = cu.tier_code
                      ORDER BY tt.effective_from <= $3::date DESC,
                               CASE WHEN tt.effective_from <= $3::date THEN tt.effective_from END DESC,
                               tt.effective_from
                      LIMIT 1) t ON true
        WHERE cu.partner_id = $1 AND cu.id = $2
        """

    /// The window of `customerID` on the UTC day of `now`; 24x7 when nothing is known.
    static func of(partnerID: UUID, customerID: UUID, at now: Date, on connection: PostgresConnection) throws -> SupportWindow {
        let day = ISO8601DateFormatter.string(from: now, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        guard let row = try connection.query(PostgresQuery(unsafeSQL: sql, binds: [partnerID, customerID, day])).first else {
            return .allDay
        }
        let (kind, zone, start, end) = try row.decode((String, String?, Int?, Int?).self)
        guard kind == "business", let zone, let start, let end else { return .allDay }
        return .businessHours(timeZone: zone, startHour: start, endHour: end)
    }

    /// The window for an alert of `rule`: partner-wide rules are 24x7 (issue 7 §4), others the
    /// customer's.
    static func of(_ rule: AlertRule, customerID: UUID, at now: Date, on connection: PostgresConnection) throws -> SupportWindow {
        rule.scope == .partner ? .allDay : try of(partnerID: rule.partnerID, customerID: customerID, at: now, on: connection)
    }
}
