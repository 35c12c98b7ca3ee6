import Foundation

/// An order in the simulated store (spec §8): string money with two decimals, the line
/// `price` a JSON number, refunds listed with negative totals, notes kept with the order.
struct SimulatedOrder: Sendable {
    struct Line: Sendable {
        var id: Int
        var productID: Int
        var variationID: Int
        var name: String
        var sku: String?
        var quantity: Int
        var subtotal: Decimal
        var total: Decimal
    }

    struct Note: Sendable {
        var id: Int
        var note: String
        var customerNote: Bool
        var created: Int64
    }

    struct Refund: Sendable {
        var id: Int
        var amount: Decimal
        var reason: String
        var created: Int64
        var lines: [(lineID: Int, quantity: Int, total: Decimal)]
    }

    var id: Int
    var status: String
    var currency: String
    var customerID: Int
    var billing: [String: String]
    var shipping: [String: String]
    var paymentMethod: String
    var paymentMethodTitle: String
    var lines: [Line]
    var shippingTotal: Decimal
    var shippingLineID: Int
    var created: Int64
    var modified: Int64
    var paid: Int64?
    var completed: Int64?
    var customerNote: String = ""
    /// `meta_data` rows an API client wrote, in order (id, key, value).
    var meta: [(id: Int, key: String, value: String)] = []
    var notes: [Note] = []
    var refunds: [Refund] = []

    var total: Decimal { lines.reduce(shippingTotal) { $0 + $1.total } }
    var discountTotal: Decimal { lines.reduce(0) { $0 + $1.subtotal - $1.total } }

    static func money(_ value: Decimal) -> String {
        var exact = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 2, .plain)
        let text = NSDecimalNumber(decimal: rounded).stringValue
        let parts = text.split(separator: ".", maxSplits: 1)
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        return String(parts[0]) + "." + fraction + String(repeating: "0", count: max(0, 2 - fraction.count))
    }

    func json(baseURL: String) -> [String: Any] {
        func date(_ seconds: Int64?) -> Any { seconds.map(SimulatedClock.text) ?? NSNull() }
        var billingObject = billing
        for key in ["first_name", "last_name", "company", "address_1", "address_2", "city", "state", "postcode", "country", "email", "phone"]
            where billingObject[key] == nil { billingObject[key] = "" }
        var shippingObject = shipping
        for key in ["first_name", "last_name", "company", "address_1", "address_2", "city", "state", "postcode", "country", "phone"]
            where shippingObject[key] == nil { shippingObject[key] = "" }
        var object: [String: Any] = [:]
        object["id"] = id
        object["parent_id"] = 0
        object["status"] = status
        object["currency"] = currency
        object["version"] = "11.0.1"
        object["prices_include_tax"] = false
        object["date_created"] = date(created)
        object["date_modified"] = date(modified)
        object["discount_total"] = Self.money(discountTotal)
        object["discount_tax"] = "0.00"
        object["shipping_total"] = Self.money(shippingTotal)
        object["shipping_tax"] = "0.00"
        object["cart_tax"] = "0.00"
        object["total"] = Self.money(total)
        object["total_tax"] = "0.00"
        object["customer_id"] = customerID
        object["order_key"] = "wc_order_\(id)"
        object["billing"] = billingObject
        object["shipping"] = shippingObject
        object["payment_method"] = paymentMethod
        object["payment_method_title"] = paymentMethodTitle
        object["transaction_id"] = ""
        object["customer_ip_address"] = ""
        object["customer_user_agent"] = ""
        object["created_via"] = "rest-api"
        object["customer_note"] = customerNote
        object["date_completed"] = date(completed)
        object["date_paid"] = date(paid)
        object["cart_hash"] = ""
        object["number"] = String(id)
        object["meta_data"] = meta.map { ["id": $0.id, "key": $0.key, "value": $0.value] as [String: Any] }
        object["line_items"] = lines.map(lineJSON)
        object["tax_lines"] = [Any]()
        var shippingLines: [Any] = []
        if shippingTotal != 0 {
            let line: [String: Any] = [
                "id": shippingLineID, "method_title": "Flat", "method_id": "flat_rate", "instance_id": "",
                "total": Self.money(shippingTotal), "total_tax": "0.00", "taxes": [Any](), "tax_status": "taxable", "meta_data": [Any](),
            ]
            shippingLines.append(line)
        }
        object["shipping_lines"] = shippingLines
        object["fee_lines"] = [Any]()
        object["coupon_lines"] = [Any]()
        object["refunds"] = refunds.map { refund -> [String: Any] in
            ["id": refund.id, "reason": refund.reason, "total": "-" + Self.money(refund.amount), "total_tax": "0.00"]
        }
        object["payment_url"] = "\(baseURL)/checkout/order-pay/\(id)/"
        object["is_editable"] = status == "pending"
        object["needs_payment"] = status == "pending"
        object["needs_processing"] = true
        object["date_created_gmt"] = date(created)
        object["date_modified_gmt"] = date(modified)
        object["date_completed_gmt"] = date(completed)
        object["date_paid_gmt"] = date(paid)
        object["currency_symbol"] = currency == "EUR" ? "€" : currency
        object["_links"] = ["self": [["href": "\(baseURL)/wp-json/wc/v3/orders/\(id)"]],
                            "collection": [["href": "\(baseURL)/wp-json/wc/v3/orders"]]]
        return object
    }

    private func lineJSON(_ line: Line) -> [String: Any] {
        var object: [String: Any] = [
            "id": line.id, "name": line.name, "product_id": line.productID, "variation_id": line.variationID,
            "quantity": line.quantity, "tax_class": "", "subtotal": Self.money(line.subtotal), "subtotal_tax": "0.00",
            "total": Self.money(line.total), "total_tax": "0.00", "taxes": [Any](), "meta_data": [Any](),
        ]
        object["sku"] = line.sku ?? NSNull()
        object["global_unique_id"] = ""
        // A JSON number (float), as WooCommerce sends it (spec §1).
        object["price"] = line.quantity == 0 ? 0 : NSDecimalNumber(decimal: line.total / Decimal(line.quantity)).doubleValue
        object["image"] = ["id": "", "src": ""]
        object["parent_name"] = NSNull()
        return object
    }

    func json(refund: Refund, baseURL: String) -> [String: Any] {
        [
            "id": refund.id, "date_created": SimulatedClock.text(refund.created), "date_created_gmt": SimulatedClock.text(refund.created),
            "amount": Self.money(refund.amount), "reason": refund.reason, "refunded_by": 1, "refunded_payment": false,
            "meta_data": [["id": refund.id, "key": "_refund_type", "value": "partial"] as [String: Any]],
            "line_items": refund.lines.compactMap { refunded -> [String: Any]? in
                guard let line = lines.first(where: { $0.id == refunded.lineID }) else { return nil }
                return [
                    "id": refund.id * 100 + line.id, "name": line.name, "product_id": line.productID, "variation_id": line.variationID,
                    "quantity": -refunded.quantity, "subtotal": "-" + Self.money(refunded.total), "total": "-" + Self.money(refunded.total),
                    "total_tax": "0.00", "taxes": [Any](), "sku": line.sku ?? NSNull(),
                    "meta_data": [["id": 1, "key": "_refunded_item_id", "value": String(line.id), "display_key": "_refunded_item_id",
                                   "display_value": String(line.id)] as [String: Any]],
                ]
            },
            "shipping_lines": [Any](), "tax_lines": [Any](), "fee_lines": [Any](),
        ]
    }
}
