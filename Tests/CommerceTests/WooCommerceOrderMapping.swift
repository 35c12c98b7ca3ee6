import Commerce
import Foundation

/// A small test-only reading of WooCommerce REST v3 orders and refunds (spec §8, §10) into
/// Commerce, enough to check the model against real captured responses. The connector's own
/// mapping lives with the connector; this one only has to be right for the fixtures.
enum WooCommerceOrderMapping {
    /// The `body` of a captured response file under Fixtures/.
    static func fixtureBody<Body: Decodable>(_ name: String, as type: Body.Type) throws -> Body {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        return try JSONDecoder().decode(Captured<Body>.self, from: Data(contentsOf: url)).body
    }

    struct Captured<Body: Decodable>: Decodable { let body: Body }

    struct WireAddress: Decodable {
        let first_name: String, last_name: String, company: String, address_1: String, address_2: String
        let city: String, state: String, postcode: String, country: String
        let email: String?, phone: String
    }

    struct WireTax: Decodable { let id: Int, total: String }

    // `price` (a JSON float, spec §1) is left undecoded on purpose: money never passes a Double.
    struct WireLineItem: Decodable {
        let id: Int, name: String, quantity: Int, sku: String?
        let subtotal: String, total: String, total_tax: String
        let taxes: [WireTax]
    }

    struct WireShippingLine: Decodable { let id: Int, method_id: String, method_title: String, total: String, taxes: [WireTax] }
    struct WireFeeLine: Decodable { let id: Int, name: String, total: String, taxes: [WireTax] }

    struct WireOrder: Decodable {
        let id: Int, number: String, status: String, currency: String, prices_include_tax: Bool
        let customer_id: Int, billing: WireAddress, shipping: WireAddress
        let payment_method: String, payment_method_title: String, transaction_id: String
        let discount_total: String, shipping_total: String, total: String, total_tax: String
        let line_items: [WireLineItem], shipping_lines: [WireShippingLine], fee_lines: [WireFeeLine]
        let date_created_gmt: String, date_paid_gmt: String?, customer_note: String
    }

    struct WireRefund: Decodable {
        struct Line: Decodable { let quantity: Int, total: String, sku: String? }
        let id: Int, amount: String, reason: String, date_created_gmt: String
        let line_items: [Line]
    }

    struct Unmappable: Error, CustomStringConvertible { let description: String }

    static func money(_ text: String, _ currency: CurrencyCode) throws -> Money {
        guard let money = Money(text, currency) else { throw Unmappable(description: "not money: \(text)") }
        return money
    }

    /// WooCommerce dates are `YYYY-MM-DDTHH:MM:SS` without an offset; the `_gmt` ones are UTC.
    static func date(_ text: String) throws -> Date {
        guard let date = ISO8601DateFormatter().date(from: text + "Z") else { throw Unmappable(description: "not a date: \(text)") }
        return date
    }

    static func address(_ wire: WireAddress) -> Address? {
        guard let country = CountryCode(wire.country) else { return nil }
        let name = [wire.first_name, wire.last_name].filter { !$0.isEmpty }.joined(separator: " ")
        return Address(name: name.isEmpty ? nil : name, company: wire.company.isEmpty ? nil : wire.company,
                       lines: [wire.address_1, wire.address_2].filter { !$0.isEmpty }, city: wire.city,
                       region: wire.state.isEmpty ? nil : wire.state, postalCode: wire.postcode.isEmpty ? nil : wire.postcode,
                       country: country, phone: wire.phone.isEmpty ? nil : wire.phone)
    }

    static func taxes(_ wire: [WireTax], _ currency: CurrencyCode) throws -> [TaxLine] {
        try wire.map { TaxLine(label: "tax rate \($0.id)", amount: try money($0.total, currency)) }
    }

    static func order(_ wire: WireOrder) throws -> Order {
        guard let currency = CurrencyCode(wire.currency) else { throw Unmappable(description: "currency \(wire.currency)") }
        guard let status = OrderStatus(wooCommerce: wire.status) else { throw Unmappable(description: "status \(wire.status)") }
        let lines = try wire.line_items.map { item in
            let subtotal = try money(item.subtotal, currency), total = try money(item.total, currency)
            let tax = try money(item.total_tax, currency)
            let discount = try subtotal.subtracting(total)
            return OrderLine(
                externalIDs: [ExternalID(.wooCommerce, String(item.id))], sku: try item.sku.flatMap { $0.isEmpty ? nil : try SKU($0) },
                name: item.name, quantity: Decimal(item.quantity),
                // Line amounts are stated without tax whatever prices_include_tax says (spec §8).
                unitPrice: Money(subtotal.amount / Decimal(item.quantity), currency),
                discounts: discount.isZero ? [] : [Discount(reason: "coupons", amount: discount)],
                taxes: try taxes(item.taxes, currency),
                stated: LineAmounts(subtotal: subtotal, discount: discount, total: total, tax: tax))
        }
        let shippingLines = try wire.shipping_lines.map {
            ShippingLine(externalIDs: [ExternalID(.wooCommerce, String($0.id))], method: $0.method_id, title: $0.method_title,
                         amount: try money($0.total, currency), taxes: try taxes($0.taxes, currency))
        }
        let fees = try wire.fee_lines.map {
            FeeLine(externalIDs: [ExternalID(.wooCommerce, String($0.id))], name: $0.name, amount: try money($0.total, currency),
                    taxes: try taxes($0.taxes, currency))
        }
        let paidAt = try wire.date_paid_gmt.map(date)
        let customerName = [wire.billing.first_name, wire.billing.last_name].filter { !$0.isEmpty }.joined(separator: " ")
        return Order(
            number: wire.number, externalIDs: [ExternalID(.wooCommerce, String(wire.id))], status: status, currency: currency,
            taxInclusion: .exclusive, rounding: .halfUp,
            customer: Customer(externalIDs: wire.customer_id == 0 ? [] : [ExternalID(.wooCommerce, String(wire.customer_id))],
                               name: customerName, givenName: wire.billing.first_name, familyName: wire.billing.last_name,
                               email: wire.billing.email),
            billingAddress: address(wire.billing), shippingAddress: address(wire.shipping),
            lines: lines, shippingLines: shippingLines, fees: fees,
            payments: paidAt == nil ? [] : [Payment(method: wire.payment_method, methodTitle: wire.payment_method_title,
                                                    transactionID: wire.transaction_id.isEmpty ? nil : wire.transaction_id,
                                                    amount: try money(wire.total, currency), paidAt: paidAt)],
            stated: StatedTotals(discount: try money(wire.discount_total, currency), shipping: try money(wire.shipping_total, currency),
                                 fees: try Money.sum(fees.map(\.amount), in: currency), tax: try money(wire.total_tax, currency),
                                 total: try money(wire.total, currency)),
            createdAt: try date(wire.date_created_gmt), paidAt: paidAt, note: wire.customer_note.isEmpty ? nil : wire.customer_note)
    }

    /// A refund: WooCommerce line quantities and totals are negative (spec §10); ours are positive.
    static func refund(_ wire: WireRefund, of order: Order) throws -> Refund {
        Refund(externalIDs: [ExternalID(.wooCommerce, String(wire.id))], orderNumber: order.number,
               lines: try wire.line_items.map { line in
                   guard let sku = line.sku else { throw Unmappable(description: "refund line without SKU") }
                   return Refund.Line(sku: try SKU(sku), quantity: Decimal(-line.quantity), amount: try money(line.total, order.currency).negated)
               },
               amount: try money(wire.amount, order.currency), reason: wire.reason, restocks: true,
               createdAt: try date(wire.date_created_gmt))
    }
}
