public import Foundation

/// What the platform bills a partner for one month (issue 7 §5).
///
/// **Rule:** every customer invoiced in the month counts one customer-month at the wholesale
/// `per_customer_month` (not prorated: the platform's price is per customer-month begun), and
/// every transaction invoiced counts at `per_thousand_transactions` ÷ 1,000 — the wholesale price
/// in force for that month. Each of the two lines is rounded to the currency's minor unit.
/// Without a wholesale price in force the platform charges nothing (`charges` is nil).
public struct PartnerBill: Sendable, Hashable, Codable {
    /// The partner billed.
    public var partnerID: UUID
    /// The billing month.
    public var month: BillingMonth
    /// Customers invoiced in the month.
    public var customers: Int
    /// Transactions invoiced in the month (the customers' usage).
    public var transactions: Int
    /// The amounts; nil when the platform had no wholesale price in force for the partner.
    public var charges: Charges?

    /// The priced part of a bill.
    public struct Charges: Sendable, Hashable, Codable {
        /// The wholesale price in force for the month.
        public var price: WholesalePrice
        /// customers × per customer-month, rounded.
        public var customerCharge: Money
        /// transactions ÷ 1,000 × per 1,000, rounded.
        public var usageCharge: Money
        /// customerCharge + usageCharge.
        public var total: Money
    }

    /// The bill for `invoices` (one month's, one partner's) at `price`.
    public static func compute(partner partnerID: UUID, month: BillingMonth, invoices: [Invoice],
                               price: WholesalePrice?) -> PartnerBill {
        let transactions = invoices.reduce(0) { $0 + $1.usage }
        let charges = price.map { price in
            let currency = price.perCustomerMonth.currency
            let customerCharge = price.perCustomerMonth.multiplied(by: Decimal(invoices.count)).roundedForCharging()
            let usageCharge = price.perThousand.multiplied(by: Decimal(transactions) / 1000).roundedForCharging()
            return Charges(price: price, customerCharge: customerCharge, usageCharge: usageCharge,
                           total: Money(customerCharge.amount + usageCharge.amount, currency))
        }
        return PartnerBill(partnerID: partnerID, month: month, customers: invoices.count, transactions: transactions,
                           charges: charges)
    }
}
