import Commerce
import Foundation

/// Orders to Commerce (spec §8). Line amounts are stated without tax whatever
/// `prices_include_tax` says, so orders map as tax-exclusive; WooCommerce rounds half up (PHP
/// `round`). The totals WooCommerce stated travel along, for `checkStatedTotals()`.
enum WooCommerceOrderMapping {
    /// Statuses that are not orders in any business sense: skipped by change reads.
    static let ignoredStatuses: Set<String> = ["trash", "auto-draft"]

    /// The order as Commerce's `Order`; a business error names the order and what is wrong
    /// (a currency or status Commerce does not know, an amount that is not a number).
    static func order(_ wire: WireOrder) throws(ConnectorError) -> Order {
        let subject = "WooCommerce order \(wire.number)"
        guard let currency = CurrencyCode(wire.currency) else {
            throw ConnectorError.business("Currency \(wire.currency) is not an ISO 4217 code Counterpart knows.", subject: subject)
        }
        guard let status = OrderStatus(wooCommerce: wire.status) else {
            throw ConnectorError.business("Order status \(wire.status) is not one of WooCommerce's own (a plugin adds it); "
                + "map it or change the order's status.", subject: subject)
        }
        func money(_ text: String, _ field: String) throws(ConnectorError) -> Money {
            guard let value = Money(text, currency) else {
                throw ConnectorError.business("\(field) \(text) is not a decimal amount.", subject: subject)
            }
            return value
        }
        let rates = Dictionary(wire.taxLines.map { ($0.rateID, $0) }, uniquingKeysWith: { first, _ in first })
        func taxes(_ taxes: [WireOrder.LineTax], _ field: String) throws(ConnectorError) -> [TaxLine] {
            var lines: [TaxLine] = []
            for tax in taxes where !tax.total.isEmpty {
                let rate = rates[tax.id]
                lines.append(TaxLine(label: rate?.label ?? "tax rate \(tax.id)", rate: rate?.ratePercent.map { $0 / 100 },
                                     amount: try money(tax.total, "\(field) tax")))
            }
            return lines
        }
        let couponCode = wire.couponLines.count == 1 ? wire.couponLines[0].code : nil
        var lines: [OrderLine] = []
        for (index, item) in wire.lineItems.enumerated() {
            let field = "line_items[\(index)]"
            let subtotal = try money(item.subtotal, "\(field).subtotal")
            let total = try money(item.total, "\(field).total")
            let discount = Money(subtotal.amount - total.amount, currency)
            let sku: SKU? = item.sku.flatMap { $0.isEmpty ? nil : try? SKU($0) }
            lines.append(OrderLine(
                externalIDs: [ExternalID(.wooCommerce, String(item.id))], sku: sku, name: item.name, quantity: item.quantity,
                unitPrice: item.quantity == 0 ? subtotal : Money(subtotal.amount / item.quantity, currency),
                discounts: discount.isZero ? [] : [Discount(code: couponCode, reason: "coupons", amount: discount)],
                taxes: try taxes(item.taxes, field),
                stated: LineAmounts(subtotal: subtotal, discount: discount, total: total, tax: try money(item.totalTax, "\(field).total_tax"))))
        }
        var shippingLines: [ShippingLine] = []
        for (index, line) in wire.shippingLines.enumerated() {
            shippingLines.append(ShippingLine(externalIDs: [ExternalID(.wooCommerce, String(line.id))], method: line.methodID,
                                              title: line.methodTitle, amount: try money(line.total, "shipping_lines[\(index)].total"),
                                              taxes: try taxes(line.taxes, "shipping_lines[\(index)]")))
        }
        var fees: [FeeLine] = []
        for (index, line) in wire.feeLines.enumerated() {
            fees.append(FeeLine(externalIDs: [ExternalID(.wooCommerce, String(line.id))], name: line.name,
                                amount: try money(line.total, "fee_lines[\(index)].total"), taxes: try taxes(line.taxes, "fee_lines[\(index)]")))
        }
        let total = try money(wire.total, "total")
        let paidAt = wire.paid?.date
        let createdAt = wire.created.date
        var payments: [Payment] = []
        if let paidAt, let method = wire.paymentMethod, !method.isEmpty {
            payments.append(Payment(method: method, methodTitle: wire.paymentMethodTitle.flatMap { $0.isEmpty ? nil : $0 },
                                    transactionID: wire.transactionID.flatMap { $0.isEmpty ? nil : $0 }, amount: total, paidAt: paidAt))
        }
        var feeTotal = Money.zero(currency)
        for fee in fees { feeTotal = Money(feeTotal.amount + fee.amount.amount, currency) }
        return Order(
            number: wire.number, externalIDs: [ExternalID(.wooCommerce, String(wire.id))], status: status, currency: currency,
            taxInclusion: .exclusive, rounding: .halfUp, customer: customer(of: wire),
            billingAddress: WooCommerceCustomerMapping.address(wire.billing),
            shippingAddress: wire.shipping.flatMap(WooCommerceCustomerMapping.address),
            lines: lines, shippingLines: shippingLines, fees: fees, payments: payments,
            stated: StatedTotals(discount: try money(wire.discountTotal, "discount_total"), shipping: try money(wire.shippingTotal, "shipping_total"),
                                 fees: feeTotal, tax: try money(wire.totalTax, "total_tax"), total: total),
            createdAt: createdAt, paidAt: paidAt.map { max($0, createdAt) },
            note: wire.customerNote.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The buyer from the billing block; a guest (`customer_id` 0) has no external id.
    static func customer(of wire: WireOrder) -> Customer? {
        let billing = wire.billing
        let name = [billing.firstName, billing.lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        let shown = name.isEmpty ? (billing.company.flatMap { $0.isEmpty ? nil : $0 } ?? billing.email ?? "") : name
        guard !shown.isEmpty else { return nil }
        return Customer(externalIDs: wire.customerID == 0 ? [] : [ExternalID(.wooCommerce, String(wire.customerID))],
                        name: shown, givenName: billing.firstName.flatMap { $0.isEmpty ? nil : $0 },
                        familyName: billing.lastName.flatMap { $0.isEmpty ? nil : $0 },
                        companyName: billing.company.flatMap { $0.isEmpty ? nil : $0 },
                        email: billing.email.flatMap { $0.isEmpty ? nil : $0 }, phone: billing.phone.flatMap { $0.isEmpty ? nil : $0 })
    }
}
