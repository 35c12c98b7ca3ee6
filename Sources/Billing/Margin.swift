public import Foundation

/// What a partner earns on one customer (or one tier) in a billing period: what it charges,
/// what the platform charges it, and the difference. Exact — not rounded — so sums over many
/// customers stay exact; round with `Money.roundedForCharging` where an amount is charged.
public struct Margin: Sendable, Hashable, Codable {
    /// The partner's price to its customer: the tier's monthly price plus overage.
    public var revenue: Money
    /// The platform's wholesale price to the partner for that customer.
    public var cost: Money
    /// `revenue − cost`; negative when the partner sells below cost.
    public var margin: Money

    /// The margin on a customer on `terms`, with `wholesale` as the partner's cost and `usage`
    /// in the period:
    ///   revenue = monthly price + overage per 1,000 × max(0, transactions − included) ÷ 1,000
    ///   cost    = wholesale per customer + wholesale per 1,000 × transactions ÷ 1,000
    /// `currencyMismatch` when the tier and the wholesale price are in different currencies:
    /// there is no currency conversion, and a margin across currencies would be a guess.
    public static func of(_ terms: TierTerms, wholesale: WholesalePrice, usage: MonthlyUsage = .none) throws(BillingError) -> Margin {
        let thousands = Decimal(usage.transactions) / 1000
        let overageThousands = Decimal(max(0, usage.transactions - terms.includedTransactions)) / 1000
        do {
            let revenue = try terms.monthlyPrice.adding(terms.overage.multiplied(by: overageThousands))
            let cost = try wholesale.perCustomerMonth.adding(wholesale.perThousand.multiplied(by: thousands))
            return Margin(revenue: revenue, cost: cost, margin: try revenue.subtracting(cost))
        } catch {
            // Money's own refusal, told in billing's terms: which prices the partner must align.
            switch error {
            case .currencyMismatch(let left, let right): throw .currencyMismatch(left, right)
            case .unallocatable: preconditionFailure("no allocation in a margin")
            }
        }
    }
}

/// A tier's price, cost and margin per customer with no usage: the line on a partner's price list.
public struct TierMargin: Sendable, Hashable, Codable {
    /// The tier's code.
    public var code: String
    /// The tier's name.
    public var name: String
    /// Price, cost and margin; nil when the platform has not set the partner's wholesale price.
    public var margin: Margin?
}

/// One customer's price, cost and margin in a billing period.
public struct CustomerMargin: Sendable, Hashable, Codable {
    /// The customer.
    public var customerID: UUID
    /// The customer's name.
    public var customerName: String
    /// The customer's tier.
    public var tierCode: String
    /// Price, cost and margin; nil when the platform has not set the partner's wholesale price.
    public var margin: Margin?
}
