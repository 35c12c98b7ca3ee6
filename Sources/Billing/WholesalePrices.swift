public import Foundation
public import Postgres
public import Tenancy

/// The platform's prices to each partner (Migrations/0002: `wholesale_prices`). Partners read
/// their own, so their pages can show cost and margin; only a platform admin, in the platform
/// scope, sets them — the database refuses the partner role INSERT and UPDATE as well.
public enum WholesalePrices {
    static let currentSQL = """
        SELECT effective_from, per_customer_month, per_thousand_transactions, currency::text FROM wholesale_prices
        WHERE partner_id = $1 AND effective_from <= $2::date
        ORDER BY effective_from DESC LIMIT 1
        """
    static let setSQL = """
        INSERT INTO wholesale_prices (partner_id, effective_from, per_customer_month, per_thousand_transactions, currency)
        VALUES ($1, $2::date, $3, $4, $5)
        ON CONFLICT (partner_id, effective_from) DO UPDATE SET
            per_customer_month = EXCLUDED.per_customer_month,
            per_thousand_transactions = EXCLUDED.per_thousand_transactions, currency = EXCLUDED.currency
        """
    static let partnerExistsSQL = "SELECT 1 FROM partners WHERE id = $1"

    /// The price in force for `partnerID` on `date` (UTC); nil when the platform has set none
    /// yet. Works in the partner's own scope and in the platform scope.
    public static func current(_ partnerID: UUID, at date: Date, on connection: PostgresConnection) throws -> DatedWholesalePrice? {
        try connection.query(PostgresQuery(unsafeSQL: currentSQL, binds: [partnerID, BillingMonth.dayText(date)]))
            .first.map(decode)
    }

    /// Sets `partnerID`'s wholesale price. **Rule: like tier terms, it applies from the first day
    /// of the calendar month (UTC) after `now`**; setting it again before then replaces it.
    /// Only a platform admin may (`partners:write`), and `connection` must be in the platform
    /// scope (`TenantScope.platform(for:)`). Audited in the partner's log with before and after.
    @discardableResult
    public static func set(_ partnerID: UUID, _ price: WholesalePrice, by caller: Caller, now: Date,
                           on connection: PostgresConnection) throws -> DatedWholesalePrice {
        try caller.principal.require(.partnersWrite)
        if case let problems = price.problems, !problems.isEmpty { throw TenancyError.invalid(problems) }
        guard try connection.query(PostgresQuery(unsafeSQL: partnerExistsSQL, binds: [partnerID])).first != nil else {
            throw TenancyError.notFound("partner")
        }
        let period = BillingMonth(containing: now).next
        let before = try current(partnerID, at: period.firstDay, on: connection)
        _ = try connection.execute(PostgresQuery(unsafeSQL: setSQL, binds: [
            partnerID, period.firstDayText, price.perCustomerMonth.amount, price.perThousandTransactions,
            price.perCustomerMonth.currency.code,
        ]))
        let after = DatedWholesalePrice(effectiveFrom: period, price: price)
        try AuditLog.record(AuditChange(action: "wholesale_price.set", partnerID: partnerID, targetType: "partner",
                                        targetID: partnerID.uuidString, before: before, after: after),
                            by: caller, on: connection)
        return after
    }

    static func decode(_ row: PostgresRow) throws -> DatedWholesalePrice {
        let (effectiveFrom, perCustomer, perThousand, currencyText) = try row.decode((Date, Decimal, Decimal, String).self)
        guard let currency = CurrencyCode(currencyText) else { throw BillingError.unsupportedCurrency(currencyText) }
        return DatedWholesalePrice(effectiveFrom: BillingMonth(containing: effectiveFrom),
                                   price: WholesalePrice(perCustomerMonth: Money(perCustomer, currency),
                                                         perThousandTransactions: perThousand))
    }
}
