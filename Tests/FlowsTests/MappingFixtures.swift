import Flows
import Foundation

/// Records and mappings the mapping tests share: a WooCommerce order captured from a real
/// WooCommerce 11 store (Fixtures/44-order-get.json, the `body` of the response) and the
/// mapping an integration engineer would write for it.
enum MappingFixtures {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The captured order's JSON, as the WooCommerce connector receives it.
    static func wooCommerceOrder() throws -> JSON {
        let capture = try JSON(parsing: Array(try Data(contentsOf: fixtures.appendingPathComponent("44-order-get.json"))))
        guard let body = capture["body"] else { throw FixtureError.missingBody }
        return body
    }

    /// The order with `member` of the top level replaced by `value`.
    static func wooCommerceOrder(setting member: String, to value: JSON) throws -> JSON {
        guard case .object(var members) = try wooCommerceOrder() else { throw FixtureError.missingBody }
        members[member] = value
        return .object(members)
    }

    enum FixtureError: Error { case missingBody }

    /// WooCommerce `wc_get_order_statuses` → Commerce's `OrderStatus`.
    static let orderStatuses = ValueMap(name: "order_status", entries: [
        .init(from: "pending", to: "pendingPayment"), .init(from: "processing", to: "processing"),
        .init(from: "on-hold", to: "onHold"), .init(from: "completed", to: "completed"),
        .init(from: "cancelled", to: "cancelled"), .init(from: "refunded", to: "refunded"), .init(from: "failed", to: "failed"),
    ])

    /// WooCommerce's tax class slugs; the standard class is the empty string.
    static let taxClasses = ValueMap(name: "tax_class", entries: [
        .init(from: "", to: "standard"), .init(from: "reduced-rate", to: "reduced-rate"), .init(from: "zero-rate", to: "zero-rate"),
    ])

    /// `prices_include_tax` → `TaxInclusion`.
    static let taxInclusion = ValueMap(name: "tax_inclusion", entries: [
        .init(from: "false", to: "exclusive"), .init(from: "true", to: "inclusive"),
    ])

    /// A WooCommerce REST v3 order into an order.
    static let wooCommerceOrderMapping = Mapping(
        record: .order, timeZone: "UTC",
        fields: [
            FieldRule(target: "number", source: "number"),
            FieldRule(target: "externalID", source: "id"),
            FieldRule(target: "status", source: "status", transforms: [.trim, .valueMap("order_status")]),
            FieldRule(target: "currency", source: "currency", defaultValue: "EUR"),
            FieldRule(target: "taxInclusion", source: "prices_include_tax", transforms: [.valueMap("tax_inclusion")]),
            // The _gmt fields are UTC without a designator (WooCommerce REST docs, "Order properties").
            FieldRule(target: "createdAt", source: "date_created_gmt"),
            FieldRule(target: "paidAt", source: "date_paid_gmt"),
            FieldRule(target: "note", source: "customer_note"),
            FieldRule(target: "total", source: "total"),
            FieldRule(target: "customer.externalID", source: "customer_id"),
            FieldRule(target: "customer.email", source: "billing.email", transforms: [.trim, .lowercase]),
            FieldRule(target: "billingAddress.line1", source: "billing.address_1"),
            FieldRule(target: "billingAddress.line2", source: "billing.address_2"),
            FieldRule(target: "billingAddress.city", source: "billing.city"),
            FieldRule(target: "billingAddress.postalCode", source: "billing.postcode"),
            FieldRule(target: "billingAddress.country", source: "billing.country", transforms: [.uppercase]),
            FieldRule(target: "lines[].externalID", source: "line_items[*].id"),
            FieldRule(target: "lines[].sku", source: "line_items[*].sku", transforms: [.trim]),
            FieldRule(target: "lines[].name", source: "line_items[*].name"),
            FieldRule(target: "lines[].quantity", source: "line_items[*].quantity"),
            FieldRule(target: "lines[].unitPrice", source: "line_items[*].price"),
            FieldRule(target: "lines[].taxClass", source: "line_items[*].tax_class", transforms: [.valueMap("tax_class")]),
            FieldRule(target: "shippingLines[].method", source: "shipping_lines[*].method_id"),
            FieldRule(target: "shippingLines[].title", source: "shipping_lines[*].method_title"),
            FieldRule(target: "shippingLines[].amount", source: "shipping_lines[*].total"),
            FieldRule(target: "payments[].method", source: "payment_method"),
            FieldRule(target: "payments[].methodTitle", source: "payment_method_title"),
            FieldRule(target: "payments[].amount", source: "total"),
            FieldRule(target: "payments[].paidAt", source: "date_paid_gmt"),
        ],
        valueMaps: [orderStatuses, taxClasses, taxInclusion],
        rules: [
            ValidationRule(field: "number", check: .required),
            ValidationRule(field: "billingAddress.country", check: .pattern("[A-Z]{2}")),
            ValidationRule(field: "lines[].sku", check: .required),
            ValidationRule(field: "lines[].quantity", check: .range(min: "1", max: "10000")),
            ValidationRule(field: "note", check: .maxLength(500)),
        ])

    /// A legacy ERP's stock export, one CSV row as the file-drop connector hands it over.
    static let stockRow: JSON = .object([
        "Artikel": .string(" MUG-1 "), "Lager": .string("Hauptlager"), "Menge": .string("1.234,50"),
        "Stand": .string("22.11.2026 09:44"),
    ])

    /// That export into a stock level: German number and date layouts, Berlin time, and the
    /// ERP's warehouse names translated to location codes.
    static let stockMapping = Mapping(
        record: .stockLevel, timeZone: "Europe/Berlin",
        fields: [
            FieldRule(target: "sku", source: "Artikel", transforms: [.trim, .lookup("sku_xref")]),
            FieldRule(target: "location", source: "Lager", transforms: [.valueMap("locations")]),
            FieldRule(target: "quantity", source: "Menge", transforms: [.decimalComma]),
            FieldRule(target: "asOf", source: "Stand", transforms: [.date("dd.MM.yyyy HH:mm")]),
        ],
        valueMaps: [ValueMap(name: "locations", entries: [.init(from: "Hauptlager", to: "WH1")])],
        rules: [ValidationRule(field: "sku", check: .required)])

    static let skuCrossReference = LookupTables(["sku_xref": ["MUG-1": "SKU-34d1a6-1"]])
}
