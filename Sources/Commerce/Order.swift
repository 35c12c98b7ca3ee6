public import Foundation

/// A sale: a WooCommerce order, a Tryton `sale.sale`, a POS `sale.point.sale`. All amounts are
/// in the order's one currency; totals are computed from the lines (`totals()`), and the totals
/// a source system stated can be checked against them (`checkStatedTotals()`).
public struct Order: Sendable, Hashable, Codable, Validatable {
    /// The number people quote (WooCommerce `number`, Tryton `number` or our `reference`).
    public var number: String
    /// The order's ids in the systems (WooCommerce order id, Tryton sale id).
    public var externalIDs: [ExternalID]
    /// Where it is in its life.
    public var status: OrderStatus
    /// The one currency of every amount on the order.
    public var currency: CurrencyCode
    /// Whether unit prices, shipping and fees include tax. WooCommerce states line amounts
    /// without tax whatever `prices_include_tax` says, so its orders map as `.exclusive`.
    public var taxInclusion: TaxInclusion
    /// How the source rounded line amounts (WooCommerce half up, Tryton half to even); used
    /// when computing line subtotals, so a check compares like with like.
    public var rounding: RoundingRule
    /// The buyer; for a guest only the name and e-mail of the billing block.
    public var customer: Customer?
    /// Where the invoice goes.
    public var billingAddress: Address?
    /// Where the goods go; nil for a till sale or a download.
    public var shippingAddress: Address?
    /// The items sold.
    public var lines: [OrderLine]
    /// Shipping charged.
    public var shippingLines: [ShippingLine]
    /// Fees charged (or, negative, given).
    public var fees: [FeeLine]
    /// Money received.
    public var payments: [Payment]
    /// The totals the source system stated, when it did, to be checked.
    public var stated: StatedTotals?
    /// When the order was placed.
    public var createdAt: Date
    /// When it was paid, if it was.
    public var paidAt: Date?
    /// The buyer's note.
    public var note: String?

    /// An order.
    public init(number: String, externalIDs: [ExternalID] = [], status: OrderStatus, currency: CurrencyCode,
                taxInclusion: TaxInclusion = .exclusive, rounding: RoundingRule = .halfEven, customer: Customer? = nil,
                billingAddress: Address? = nil, shippingAddress: Address? = nil, lines: [OrderLine],
                shippingLines: [ShippingLine] = [], fees: [FeeLine] = [], payments: [Payment] = [],
                stated: StatedTotals? = nil, createdAt: Date, paidAt: Date? = nil, note: String? = nil) {
        self.number = number
        self.externalIDs = externalIDs
        self.status = status
        self.currency = currency
        self.taxInclusion = taxInclusion
        self.rounding = rounding
        self.customer = customer
        self.billingAddress = billingAddress
        self.shippingAddress = shippingAddress
        self.lines = lines
        self.shippingLines = shippingLines
        self.fees = fees
        self.payments = payments
        self.stated = stated
        self.createdAt = createdAt
        self.paidAt = paidAt
        self.note = note
    }

    /// Every structural problem: blank fields, lines without an SKU or with a quantity of zero,
    /// amounts in another currency or below zero, malformed addresses, a payment before the
    /// order. Whether the stated totals add up is `checkStatedTotals()`, a business rule.
    public func validate() -> [ValidationProblem] {
        let path = FieldPath()
        var problems = TextRules.problems(number, at: path("number"), maxLength: 100)
            + externalIDs.problems(at: path.field("externalIDs"))
        problems += customer?.problems(at: path.field("customer")) ?? []
        problems += billingAddress?.problems(at: path.field("billingAddress")) ?? []
        problems += shippingAddress?.problems(at: path.field("shippingAddress")) ?? []
        if lines.isEmpty { problems.append(ValidationProblem(path("lines"), .required, "an order needs at least one line")) }
        for (index, line) in lines.enumerated() { problems += lineProblems(line, at: path.element("lines", index)) }
        for (index, shipping) in shippingLines.enumerated() {
            let shippingPath = path.element("shippingLines", index)
            problems += TextRules.problems(shipping.method, at: shippingPath("method"), maxLength: 100)
                + TextRules.problems(shipping.title, at: shippingPath("title"), maxLength: 200, required: false)
                + amountProblems(shipping.amount, at: shippingPath("amount"), allowsNegative: false)
                + taxProblems(shipping.taxes, at: shippingPath)
        }
        for (index, fee) in fees.enumerated() {
            let feePath = path.element("fees", index)
            problems += TextRules.problems(fee.name, at: feePath("name"), maxLength: 200)
                + amountProblems(fee.amount, at: feePath("amount"), allowsNegative: true)
                + taxProblems(fee.taxes, at: feePath)
        }
        for (index, payment) in payments.enumerated() {
            let paymentPath = path.element("payments", index)
            problems += TextRules.problems(payment.method, at: paymentPath("method"), maxLength: 100)
                + amountProblems(payment.amount, at: paymentPath("amount"), allowsNegative: false)
            if let paid = payment.paidAt, paid < createdAt {
                problems.append(ValidationProblem(paymentPath("paidAt"), .outOfOrder, "the payment is dated before the order"))
            }
        }
        if let stated {
            for (name, amount) in stated.named where amount.currency != currency {
                problems.append(ValidationProblem(path.field("stated")(name), .currencyMismatch, "is in \(amount.currency); the order is in \(currency)"))
            }
        }
        if let paidAt, paidAt < createdAt {
            problems.append(ValidationProblem(path("paidAt"), .outOfOrder, "the order is paid before it was placed"))
        }
        problems += TextRules.problems(note, at: path("note"), maxLength: 10_000, required: false, allowsLineBreaks: true)
        return problems
    }

    private func lineProblems(_ line: OrderLine, at path: FieldPath) -> [ValidationProblem] {
        var problems = line.externalIDs.problems(at: path.field("externalIDs"))
        if line.sku == nil {
            problems.append(ValidationProblem(path("sku"), .required,
                                              "the line names no item (a WooCommerce line for an unknown product has none)"))
        }
        problems += TextRules.problems(line.name, at: path("name"), maxLength: 200)
        if line.quantity.isNaN || line.quantity <= 0 {
            problems.append(ValidationProblem(path("quantity"), .notPositive, "must be above zero, is \(line.quantity)"))
        }
        problems += amountProblems(line.unitPrice, at: path("unitPrice"), allowsNegative: false, wholeMinorUnits: false)
        for (index, discount) in line.discounts.enumerated() {
            problems += amountProblems(discount.amount, at: path.element("discounts", index)("amount"), allowsNegative: false)
        }
        problems += taxProblems(line.taxes, at: path)
        if let stated = line.stated {
            for (name, amount) in stated.named where amount.currency != currency {
                problems.append(ValidationProblem(path.field("stated")(name), .currencyMismatch, "is in \(amount.currency); the order is in \(currency)"))
            }
        }
        return problems
    }

    private func taxProblems(_ taxes: [TaxLine], at path: FieldPath) -> [ValidationProblem] {
        taxes.enumerated().flatMap { index, tax in
            let taxPath = path.element("taxes", index)
            return TextRules.problems(tax.label, at: taxPath("label"), maxLength: 100)
                + amountProblems(tax.amount, at: taxPath("amount"), allowsNegative: false, wholeMinorUnits: false)
        }
    }

    /// An amount is in the order's currency; charged amounts are also whole minor units.
    private func amountProblems(_ money: Money, at path: String, allowsNegative: Bool, wholeMinorUnits: Bool = true) -> [ValidationProblem] {
        if money.currency != currency {
            return [ValidationProblem(path, .currencyMismatch, "is in \(money.currency); the order is in \(currency)")]
        }
        if !allowsNegative && money.isNegative {
            return [ValidationProblem(path, .negative, "\(money.exactText) \(money.currency) is below zero")]
        }
        if wholeMinorUnits && !money.isWholeMinorUnits {
            return [ValidationProblem(path, .tooPrecise, "\(money.exactText) has more than \(currency.minorUnits) decimals for \(currency)")]
        }
        return []
    }
}
