public import Foundation

/// One line of an order: an SKU, how many, at what unit price, less which discounts, with which
/// taxes. WooCommerce `line_items[]`, Tryton `sale.line`, POS `sale.point.sale.line`.
public struct OrderLine: Sendable, Hashable, Codable {
    /// The line's ids (WooCommerce line item id: needed to refund or change the line).
    public var externalIDs: [ExternalID]
    /// The item; nil when the source sent a line without one (WooCommerce creates a blank line
    /// for an unknown SKU without an error, spec §8), which validation reports.
    public var sku: SKU?
    /// The name the buyer saw.
    public var name: String
    /// How many, in the item's unit; above zero (returns are refunds, not negative lines).
    public var quantity: Decimal
    /// The price of one, before discounts, on the order's tax basis. May be finer than the
    /// currency (10.00 ÷ 3); line amounts are rounded once, at the line.
    public var unitPrice: Money
    /// Reductions on this line (coupons spread over lines, line discounts).
    public var discounts: [Discount]
    /// Taxes charged on this line.
    public var taxes: [TaxLine]
    /// The amounts the source system stated for this line, when it did, to be checked.
    public var stated: LineAmounts?

    /// A line.
    public init(externalIDs: [ExternalID] = [], sku: SKU?, name: String, quantity: Decimal, unitPrice: Money,
                discounts: [Discount] = [], taxes: [TaxLine] = [], stated: LineAmounts? = nil) {
        self.externalIDs = externalIDs
        self.sku = sku
        self.name = name
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.discounts = discounts
        self.taxes = taxes
        self.stated = stated
    }

    /// The line's amounts computed from quantity, unit price, discounts and taxes: subtotal =
    /// quantity × unit price rounded by `rule` (WooCommerce and Tryton both round the line
    /// amount, `wc_format_decimal` / `currency.round(quantity * unit_price)`), discount and tax
    /// the sums of their parts. `currencyMismatch` when a part is in another currency.
    public func amounts(in currency: CurrencyCode, rounding rule: RoundingRule) throws(MoneyError) -> LineAmounts {
        let subtotal = try Money.zero(currency).adding(unitPrice.multiplied(by: quantity).rounded(rule))
        let discount = try Money.sum(discounts.map(\.amount), in: currency)
        let tax = try Money.sum(taxes.map(\.amount), in: currency)
        return LineAmounts(subtotal: subtotal, discount: discount, total: try subtotal.subtracting(discount), tax: tax)
    }
}

/// A reduction of a line's amount.
public struct Discount: Sendable, Hashable, Codable {
    /// The coupon code, if a coupon gave it.
    public var code: String?
    /// Why, for people (`Summer sale`).
    public var reason: String?
    /// How much is taken off; zero or more.
    public var amount: Money

    /// A discount of `amount`.
    public init(code: String? = nil, reason: String? = nil, amount: Money) {
        self.code = code
        self.reason = reason
        self.amount = amount
    }
}

/// A tax charged on a line, shipping or fee: WooCommerce `taxes[]{id,total}` with the order's
/// `tax_lines[]` giving the label and rate; Tryton `sale.line.taxes` with `account.tax`.
public struct TaxLine: Sendable, Hashable, Codable {
    /// The tax's name (`VAT 19%`, `Sales Tax 10%`).
    public var label: String
    /// The rate as a fraction (0.19), if known.
    public var rate: Decimal?
    /// The tax amount.
    public var amount: Money

    /// A tax of `amount` labelled `label`.
    public init(label: String, rate: Decimal? = nil, amount: Money) {
        self.label = label
        self.rate = rate
        self.amount = amount
    }
}

/// A line's amounts: before discounts, the discount, after discounts, and its tax. WooCommerce
/// states them as `subtotal`, (`subtotal` − `total`), `total`, `total_tax`.
public struct LineAmounts: Sendable, Hashable, Codable {
    /// Quantity × unit price.
    public var subtotal: Money
    /// The sum of the line's discounts.
    public var discount: Money
    /// `subtotal − discount`.
    public var total: Money
    /// The line's tax.
    public var tax: Money

    /// Amounts as stated or computed.
    public init(subtotal: Money, discount: Money, total: Money, tax: Money) {
        self.subtotal = subtotal
        self.discount = discount
        self.total = total
        self.tax = tax
    }
}
