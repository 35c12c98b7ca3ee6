public import Foundation

/// A customer's invoice for one billing month: the tier's monthly price (prorated in the month the
/// customer was created), the usage, what is included and the overage.
///
/// **Rules:**
/// - base = monthly price × days billed ÷ days in month. Days billed is the whole month, except in
///   the month the customer was created: the days from its creation day (counted) to the month's
///   end. Included transactions are *not* prorated — simple to explain, and in the customer's favour.
/// - overage = max(0, usage − included) ÷ 1,000 × overage per 1,000: pro rata, not per started
///   thousand (12,345 over 10,000 included at 4.0000 is 9.38).
/// - total = base + overage. Each line is rounded to the currency's minor unit
///   (`Money.roundedForCharging`, half-even) and only the lines are; everything before is exact.
/// - The currency is the tier terms'.
public struct Invoice: Sendable, Hashable, Codable {
    /// The customer billed.
    public var customerID: UUID
    /// The customer's name when the invoice was made.
    public var customerName: String
    /// The billing month.
    public var month: BillingMonth
    /// The tier in force at the month's first instant (or the first tier of a customer created in it).
    public var tierCode: String
    /// Days of the month billed (the whole month but in the month of creation).
    public var daysBilled: Int
    /// Days in the month.
    public var daysInMonth: Int
    /// The monthly price, prorated by `daysBilled / daysInMonth`, rounded.
    public var base: Money
    /// Delivered production messages in the month (`UsageMeter`).
    public var usage: Int
    /// Transactions included in the monthly price.
    public var included: Int
    /// The overage price per 1,000 transactions, exact.
    public var overagePerThousand: Decimal
    /// max(0, usage − included) ÷ 1,000 × overage per 1,000, rounded.
    public var overage: Money
    /// base + overage.
    public var total: Money

    /// The invoice's currency (the tier terms').
    public var currency: CurrencyCode { total.currency }

    /// The invoice for `customer` in `month` on `terms`, with `usage` delivered and `daysBilled`
    /// of the month billed (see the rules above).
    public static func compute(_ customer: BilledCustomer, month: BillingMonth, terms: TierTerms, usage: Int) -> Invoice {
        let days = month.dayCount
        let price = terms.monthlyPrice
        let base = Money(price.amount * Decimal(customer.daysBilled) / Decimal(days), price.currency).roundedForCharging()
        let overageThousands = Decimal(max(0, usage - terms.includedTransactions)) / 1000
        let overage = Money(terms.overagePerThousand * overageThousands, price.currency).roundedForCharging()
        // Same currency on both lines by construction.
        let total = Money(base.amount + overage.amount, price.currency)
        return Invoice(customerID: customer.id, customerName: customer.name, month: month, tierCode: customer.tierCode,
                       daysBilled: customer.daysBilled, daysInMonth: days, base: base, usage: usage,
                       included: terms.includedTransactions, overagePerThousand: terms.overagePerThousand,
                       overage: overage, total: total)
    }
}
