public import Foundation
public import Tenancy

/// What the platform charges a partner: a fixed amount per customer per billing period plus an
/// amount per 1,000 transactions, both in one currency.
public struct WholesalePrice: Sendable, Hashable, Codable {
    /// Charged per active customer per calendar month.
    public var perCustomerMonth: Money
    /// Charged per 1,000 transactions, in the same currency.
    public var perThousandTransactions: Decimal

    public init(perCustomerMonth: Money, perThousandTransactions: Decimal) {
        self.perCustomerMonth = perCustomerMonth
        self.perThousandTransactions = perThousandTransactions
    }

    /// The price per 1,000 transactions as money.
    public var perThousand: Money { Money(perThousandTransactions, perCustomerMonth.currency) }

    /// Every field that breaks a rule (Migrations/0002's CHECKs), named as the API names it.
    public var problems: [FieldProblem] {
        var found: [FieldProblem] = []
        if !TierTerms.isPrice(perCustomerMonth.amount) {
            found.append(FieldProblem(field: "per_customer_month",
                                      message: "must be 0 or more, with at most 4 decimal places and 10 digits before the point"))
        }
        if !TierTerms.isPrice(perThousandTransactions) {
            found.append(FieldProblem(field: "per_thousand_transactions",
                                      message: "must be 0 or more, with at most 4 decimal places and 10 digits before the point"))
        }
        return found
    }
}

/// A wholesale price and the billing period it applies from.
public struct DatedWholesalePrice: Sendable, Hashable, Codable {
    /// The first billing period it applies to.
    public var effectiveFrom: BillingMonth
    /// The price.
    public var price: WholesalePrice

    public init(effectiveFrom: BillingMonth, price: WholesalePrice) {
        self.effectiveFrom = effectiveFrom
        self.price = price
    }
}
