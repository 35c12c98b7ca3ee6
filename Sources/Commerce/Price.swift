public import Foundation

/// What an SKU sells for in one currency: the list price, an optional sale price with an
/// optional window, and whether the amounts include tax. WooCommerce `regular_price`,
/// `sale_price`, `date_on_sale_from_gmt`/`_to_gmt`; Tryton `list_price` (tax excluded).
public struct Price: Sendable, Hashable, Codable, Validatable {
    /// A reduced price, in force within its window.
    public struct Sale: Sendable, Hashable, Codable {
        /// The reduced amount.
        public var amount: Money
        /// First moment the sale applies; nil for "already".
        public var from: Date?
        /// First moment it no longer applies (exclusive); nil for "until further notice".
        public var until: Date?

        /// A sale at `amount`, optionally bounded.
        public init(_ amount: Money, from: Date? = nil, until: Date? = nil) {
            self.amount = amount
            self.from = from
            self.until = until
        }

        /// Whether the sale applies at `now` (`from` ≤ now < `until`).
        public func applies(at now: Date) -> Bool {
            (from.map { $0 <= now } ?? true) && (until.map { now < $0 } ?? true)
        }
    }

    /// The item.
    public var sku: SKU
    /// The regular price.
    public var list: Money
    /// A sale price, if any.
    public var sale: Sale?
    /// Whether `list` and `sale` include tax.
    public var taxInclusion: TaxInclusion

    /// A price for `sku`.
    public init(sku: SKU, list: Money, sale: Sale? = nil, taxInclusion: TaxInclusion = .exclusive) {
        self.sku = sku
        self.list = list
        self.sale = sale
        self.taxInclusion = taxInclusion
    }

    /// The currency of the price (the list price's; validation checks the sale's matches).
    public var currency: CurrencyCode { list.currency }

    /// The amount a buyer pays at `now`: the sale amount while the sale applies, else the list
    /// price (WooCommerce's read-only `price`).
    public func effective(at now: Date) -> Money {
        if let sale, sale.applies(at: now) { return sale.amount }
        return list
    }

    public func validate() -> [ValidationProblem] {
        let path = FieldPath()
        var problems = Self.amountProblems(list, at: path.field("list"))
        guard let sale else { return problems }
        let salePath = path.field("sale")
        problems += Self.amountProblems(sale.amount, at: salePath.field("amount"))
        if sale.amount.currency != list.currency {
            problems.append(ValidationProblem(salePath("amount.currency"), .currencyMismatch,
                                              "is \(sale.amount.currency); the list price is in \(list.currency)"))
        } else if sale.amount.amount > list.amount {
            problems.append(ValidationProblem(salePath("amount"), .saleAboveList,
                                              "\(sale.amount) is above the list price \(list)"))
        }
        if let from = sale.from, let until = sale.until, until <= from {
            problems.append(ValidationProblem(salePath("until"), .outOfOrder, "the sale ends before it starts"))
        }
        return problems
    }

    /// A price is zero or more, in whole minor units (a shop cannot show 4.995 EUR).
    static func amountProblems(_ money: Money, at path: FieldPath) -> [ValidationProblem] {
        if money.isNegative { return [ValidationProblem(path.text, .negative, "\(money.exactText) \(money.currency) is below zero")] }
        if !money.isWholeMinorUnits {
            return [ValidationProblem(path.text, .tooPrecise, "\(money.exactText) has more than \(money.currency.minorUnits) decimals for \(money.currency)")]
        }
        return []
    }
}
