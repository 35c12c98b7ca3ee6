public import Foundation

/// An order's totals, computed from its lines.
public struct OrderTotals: Sendable, Hashable, Codable {
    /// The lines' subtotals (quantity × unit price), before discounts.
    public var subtotal: Money
    /// The lines' discounts.
    public var discount: Money
    /// The shipping lines' amounts.
    public var shipping: Money
    /// The fees' amounts.
    public var fees: Money
    /// All tax: lines, shipping and fees.
    public var tax: Money
    /// What the buyer pays: subtotal − discount + shipping + fees, plus tax when prices exclude it.
    public var total: Money
}

/// The totals a source system stated for an order, each only where it states it: WooCommerce
/// gives `discount_total`, `shipping_total`, `total_tax` and `total`; Tryton `untaxed_amount`,
/// `tax_amount` and `total_amount`.
public struct StatedTotals: Sendable, Hashable, Codable {
    /// Before discounts, if stated.
    public var subtotal: Money?
    /// Discounts, if stated.
    public var discount: Money?
    /// Shipping, if stated.
    public var shipping: Money?
    /// Fees, if stated.
    public var fees: Money?
    /// Tax, if stated.
    public var tax: Money?
    /// The grand total, always stated.
    public var total: Money

    /// Totals as a system stated them.
    public init(subtotal: Money? = nil, discount: Money? = nil, shipping: Money? = nil, fees: Money? = nil,
                tax: Money? = nil, total: Money) {
        self.subtotal = subtotal
        self.discount = discount
        self.shipping = shipping
        self.fees = fees
        self.tax = tax
        self.total = total
    }

    /// The stated amounts with their field names, in field order.
    var named: [(String, Money)] {
        [("subtotal", subtotal), ("discount", discount), ("shipping", shipping), ("fees", fees), ("tax", tax), ("total", total)]
            .compactMap { name, amount in amount.map { (name, $0) } }
    }
}

extension LineAmounts {
    /// The amounts with their field names, in field order.
    var named: [(String, Money)] { [("subtotal", subtotal), ("discount", discount), ("total", total), ("tax", tax)] }
}

extension Order {
    /// The totals computed from the lines, shipping and fees, each line rounded by the order's
    /// `rounding`; the tax sum is rounded once more by it (a no-op for per-line tax, the
    /// document's rounding for per-document tax). `currencyMismatch` when an amount is in
    /// another currency (`validate()` names which).
    public func totals() throws(MoneyError) -> OrderTotals {
        let lineAmounts = try lines.map { line throws(MoneyError) in try line.amounts(in: currency, rounding: rounding) }
        let subtotal = try Money.sum(lineAmounts.map(\.subtotal), in: currency)
        let discount = try Money.sum(lineAmounts.map(\.discount), in: currency)
        let shipping = try Money.sum(shippingLines.map(\.amount), in: currency)
        let fees = try Money.sum(fees.map(\.amount), in: currency)
        let chargeTaxes = shippingLines.flatMap(\.taxes) + self.fees.flatMap(\.taxes)
        let tax = try Money.sum(lineAmounts.map(\.tax) + chargeTaxes.map(\.amount), in: currency).rounded(rounding)
        var total = try subtotal.subtracting(discount).adding(shipping).adding(fees)
        if taxInclusion == .exclusive { total = try total.adding(tax) }
        return OrderTotals(subtotal: subtotal, discount: discount, shipping: shipping, fees: fees, tax: tax, total: total)
    }

    /// Checks the amounts the source stated — per line and for the order — against those
    /// computed from the lines, and names each one that differs with both values and the
    /// difference (`lines[1].total: stated 25.00 EUR, computed 24.00 EUR from 1 × 24.00 EUR;
    /// difference 1.00 EUR`). Differences within `tolerance` (in the order's currency; zero by
    /// default) pass. Amounts in another currency cannot be compared: those problems come from
    /// `validate()`, and this returns them too rather than guess.
    public func checkStatedTotals(tolerance: Decimal = 0) -> [ValidationProblem] {
        let computed: OrderTotals
        do { computed = try totals() } catch {
            return validate().filter { $0.rule == .currencyMismatch }
        }
        var problems: [ValidationProblem] = []
        for (index, line) in lines.enumerated() {
            guard let stated = line.stated, let amounts = try? line.amounts(in: currency, rounding: rounding) else { continue }
            let path = FieldPath().element("lines", index)
            let basis = "\(line.quantity) × \(line.unitPrice.exactText) \(currency)"
            for ((name, statedAmount), (_, computedAmount)) in zip(stated.named, amounts.named) {
                if let problem = Self.difference(path(name), stated: statedAmount, computed: computedAmount,
                                                 basis: name == "subtotal" || name == "total" ? basis : nil, tolerance: tolerance) {
                    problems.append(problem)
                }
            }
        }
        if let stated {
            let computedByName = Dictionary(uniqueKeysWithValues: [
                ("subtotal", computed.subtotal), ("discount", computed.discount), ("shipping", computed.shipping),
                ("fees", computed.fees), ("tax", computed.tax), ("total", computed.total),
            ])
            for (name, statedAmount) in stated.named {
                guard let computedAmount = computedByName[name] else { continue }
                if let problem = Self.difference("totals.\(name)", stated: statedAmount, computed: computedAmount,
                                                 basis: nil, tolerance: tolerance) {
                    problems.append(problem)
                }
            }
        }
        return problems
    }

    private static func difference(_ path: String, stated: Money, computed: Money, basis: String?, tolerance: Decimal) -> ValidationProblem? {
        guard stated.currency == computed.currency else { return nil }
        let difference = stated.amount - computed.amount
        guard (difference < 0 ? -difference : difference) > tolerance else { return nil }
        let from = basis.map { " from \($0)" } ?? " from the lines"
        return ValidationProblem(path, .totalMismatch,
                                 "stated \(stated.exactText) \(stated.currency), computed \(computed.exactText) \(computed.currency)\(from); "
                                     + "difference \(Money(difference, stated.currency).exactText) \(stated.currency)")
    }
}
