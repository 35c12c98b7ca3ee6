public import Foundation
public import Postgres
public import Tenancy

/// Customers' invoices (Migrations/0017, `invoices`): computed from the tier history, the tier
/// terms in force and the usage meter; stored for closed months by `MonthClosing`, never
/// changed after (the application roles have no UPDATE on the table). Reading needs
/// `pricing:read`, the partner admin's right.
public enum Invoices {
    static let columns = """
        customer_id, customer_name, month, tier_code, currency::text, days_billed, days_in_month, base, usage, included,
        overage_per_thousand, overage, total
        """
    static let insertSQL = """
        INSERT INTO invoices (partner_id, customer_id, month, customer_name, tier_code, currency, days_billed, days_in_month,
                              base, usage, included, overage_per_thousand, overage, total)
        VALUES ($1, $2, $3::date, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
        ON CONFLICT (partner_id, customer_id, month) DO NOTHING
        """
    static let monthSQL = "SELECT \(columns) FROM invoices WHERE partner_id = $1 AND month = $2::date ORDER BY customer_name, customer_id"
    static let customerSQL = "SELECT \(columns) FROM invoices WHERE partner_id = $1 AND customer_id = $2 ORDER BY month DESC"
    static let customerExistsSQL = "SELECT 1 FROM customers WHERE partner_id = $1 AND id = $2"

    /// The invoices `month` would have for the partner's customers, computed now and not stored:
    /// the month-end job's computation, and the running month's preview (usage up to now).
    /// Works in the partner's scope and in the platform scope.
    /// Throws `BillingError.noTermsInForce` when a billed tier has no terms at the month's start.
    public static func compute(partner partnerID: UUID, month: BillingMonth,
                               on connection: PostgresConnection) throws -> [Invoice] {
        let usage = try UsageMeter.totals(partner: partnerID, in: month, on: connection)
        var terms: [String: TierTerms] = [:]
        return try BilledCustomer.list(partner: partnerID, in: month, on: connection).map { customer in
            let tierTerms: TierTerms
            if let known = terms[customer.tierCode] {
                tierTerms = known
            } else {
                let row = try connection.query(PostgresQuery(unsafeSQL: Tiers.termsForPeriodSQL,
                                                             binds: [partnerID, customer.tierCode, month.firstDayText])).first
                guard let dated = try row.flatMap({ try Tiers.decodeTerms($0, from: 0) }) else {
                    throw BillingError.noTermsInForce(tier: customer.tierCode)
                }
                tierTerms = dated.terms
                terms[customer.tierCode] = tierTerms
            }
            return Invoice.compute(customer, month: month, terms: tierTerms, usage: usage[customer.id]?.transactions ?? 0)
        }
    }

    /// The running month's invoices as they stand at `now`: the same computation, not stored.
    public static func preview(for principal: Principal, now: Date, on connection: PostgresConnection) throws -> [Invoice] {
        try principal.require(.pricingRead)
        return try compute(partner: principal.partnerID, month: BillingMonth(containing: now), on: connection)
    }

    /// The stored invoices of a closed `month`, by customer name; empty while it is not closed.
    public static func list(_ month: BillingMonth, for principal: Principal,
                            on connection: PostgresConnection) throws -> [Invoice] {
        try principal.require(.pricingRead)
        return try stored(partner: principal.partnerID, month: month, on: connection)
    }

    /// One customer's stored invoices, newest month first; `notFound("customer")` when the
    /// partner has no such customer.
    public static func list(customer customerID: UUID, for principal: Principal,
                            on connection: PostgresConnection) throws -> [Invoice] {
        try principal.require(.pricingRead)
        guard try connection.query(PostgresQuery(unsafeSQL: customerExistsSQL, binds: [principal.partnerID, customerID]))
            .first != nil else { throw TenancyError.notFound("customer") }
        return try connection.query(PostgresQuery(unsafeSQL: customerSQL, binds: [principal.partnerID, customerID]))
            .map(decode)
    }

    /// The partner's stored invoices of `month`, in the caller's scope (partner or platform).
    static func stored(partner partnerID: UUID, month: BillingMonth, on connection: PostgresConnection) throws -> [Invoice] {
        try connection.query(PostgresQuery(unsafeSQL: monthSQL, binds: [partnerID, month.firstDayText])).map(decode)
    }

    /// Stores `invoice` unless the customer already has one for the month; returns whether it did.
    static func insert(_ invoice: Invoice, partner partnerID: UUID, on connection: PostgresConnection) throws -> Bool {
        try connection.execute(PostgresQuery(unsafeSQL: insertSQL, binds: [
            partnerID, invoice.customerID, invoice.month.firstDayText, invoice.customerName, invoice.tierCode,
            invoice.currency.code, invoice.daysBilled, invoice.daysInMonth, invoice.base.amount, invoice.usage,
            invoice.included, invoice.overagePerThousand, invoice.overage.amount, invoice.total.amount,
        ])) == 1
    }

    static func decode(_ row: PostgresRow) throws -> Invoice {
        let (customerID, name, month, tier, currencyText, daysBilled, daysInMonth, base, usage, included, perThousand,
             overage, total) =
            try row.decode((UUID, String, Date, String, String, Int, Int, Decimal, Int, Int, Decimal, Decimal, Decimal).self)
        guard let currency = CurrencyCode(currencyText) else { throw BillingError.unsupportedCurrency(currencyText) }
        return Invoice(customerID: customerID, customerName: name, month: BillingMonth(containing: month), tierCode: tier,
                       daysBilled: daysBilled, daysInMonth: daysInMonth, base: Money(base, currency), usage: usage,
                       included: included, overagePerThousand: perThousand, overage: Money(overage, currency),
                       total: Money(total, currency))
    }
}
