import Foundation

/// An order as the REST API v3 and its webhooks send it (spec §8; captures 34, 44 and the
/// `order.created` delivery), only the fields the mapping reads. Amounts stay text; the line
/// `price`, a JSON float, is never read (money does not pass through a binary float).
struct WireOrder: Sendable, Decodable {
    /// `billing` / `shipping`; `email` only on billing.
    struct Address: Sendable, Hashable, Codable {
        var firstName: String?
        var lastName: String?
        var company: String?
        var address1: String?
        var address2: String?
        var city: String?
        var state: String?
        var postcode: String?
        var country: String?
        var email: String?
        var phone: String?

        private enum CodingKeys: String, CodingKey {
            case company, city, state, postcode, country, email, phone
            case firstName = "first_name", lastName = "last_name", address1 = "address_1", address2 = "address_2"
        }
    }

    /// `taxes[]{id,total,subtotal}` of a line: `id` is the tax rate id of `tax_lines`.
    struct LineTax: Sendable, Decodable {
        let id: Int
        let total: String
    }

    /// `line_items[]`.
    struct LineItem: Sendable, Decodable {
        let id: Int
        let name: String
        let quantity: Decimal
        let sku: String?
        let subtotal: String
        let total: String
        let totalTax: String
        let taxes: [LineTax]
        let metaData: [Meta]?

        private enum CodingKeys: String, CodingKey {
            case id, name, quantity, sku, subtotal, total, taxes
            case totalTax = "total_tax", metaData = "meta_data"
        }
    }

    /// `meta_data[]{key,value}`; values of other shapes are kept as nil.
    struct Meta: Sendable, Decodable {
        let key: String
        let value: String?

        private enum CodingKeys: String, CodingKey { case key, value }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            key = try container.decode(String.self, forKey: .key)
            value = try? container.decode(String.self, forKey: .value)
        }
    }

    /// `shipping_lines[]`.
    struct ShippingLine: Sendable, Decodable {
        let id: Int
        let methodID: String
        let methodTitle: String
        let total: String
        let taxes: [LineTax]

        private enum CodingKeys: String, CodingKey {
            case id, total, taxes
            case methodID = "method_id", methodTitle = "method_title"
        }
    }

    /// `fee_lines[]`.
    struct FeeLine: Sendable, Decodable {
        let id: Int
        let name: String
        let total: String
        let taxes: [LineTax]
    }

    /// `tax_lines[]`: the rates used, with their labels.
    struct TaxRate: Sendable, Decodable {
        let rateID: Int
        let label: String
        let ratePercent: Decimal?

        private enum CodingKeys: String, CodingKey {
            case label
            case rateID = "rate_id", ratePercent = "rate_percent"
        }
    }

    /// `coupon_lines[]`.
    struct CouponLine: Sendable, Decodable {
        let code: String
    }

    let id: Int
    let number: String
    let status: String
    let currency: String
    let customerID: Int
    let billing: Address
    let shipping: Address?
    let paymentMethod: String?
    let paymentMethodTitle: String?
    let transactionID: String?
    let discountTotal: String
    let shippingTotal: String
    let total: String
    let totalTax: String
    let lineItems: [LineItem]
    let shippingLines: [ShippingLine]
    let feeLines: [FeeLine]
    let taxLines: [TaxRate]
    let couponLines: [CouponLine]
    let created: WooCommerceTimestamp
    let modified: WooCommerceTimestamp?
    let paid: WooCommerceTimestamp?
    let customerNote: String?
    /// The order's own `meta_data` (where our ERP reference is written back).
    let metaData: [Meta]

    private enum CodingKeys: String, CodingKey {
        case id, number, status, currency, billing, shipping, total
        case customerID = "customer_id", paymentMethod = "payment_method", paymentMethodTitle = "payment_method_title"
        case transactionID = "transaction_id", discountTotal = "discount_total", shippingTotal = "shipping_total"
        case totalTax = "total_tax", lineItems = "line_items", shippingLines = "shipping_lines", feeLines = "fee_lines"
        case taxLines = "tax_lines", couponLines = "coupon_lines", created = "date_created_gmt", modified = "date_modified_gmt"
        case paid = "date_paid_gmt", customerNote = "customer_note", metaData = "meta_data"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        number = try container.decodeIfPresent(String.self, forKey: .number) ?? String(id)
        status = try container.decode(String.self, forKey: .status)
        currency = try container.decode(String.self, forKey: .currency)
        customerID = try container.decodeIfPresent(Int.self, forKey: .customerID) ?? 0
        billing = try container.decode(Address.self, forKey: .billing)
        shipping = try container.decodeIfPresent(Address.self, forKey: .shipping)
        paymentMethod = try container.decodeIfPresent(String.self, forKey: .paymentMethod)
        paymentMethodTitle = try container.decodeIfPresent(String.self, forKey: .paymentMethodTitle)
        transactionID = try container.decodeIfPresent(String.self, forKey: .transactionID)
        discountTotal = try container.decode(String.self, forKey: .discountTotal)
        shippingTotal = try container.decode(String.self, forKey: .shippingTotal)
        total = try container.decode(String.self, forKey: .total)
        totalTax = try container.decode(String.self, forKey: .totalTax)
        lineItems = try container.decode([LineItem].self, forKey: .lineItems)
        shippingLines = try container.decodeIfPresent([ShippingLine].self, forKey: .shippingLines) ?? []
        feeLines = try container.decodeIfPresent([FeeLine].self, forKey: .feeLines) ?? []
        taxLines = try container.decodeIfPresent([TaxRate].self, forKey: .taxLines) ?? []
        couponLines = try container.decodeIfPresent([CouponLine].self, forKey: .couponLines) ?? []
        created = try container.decode(WooCommerceTimestamp.self, forKey: .created)
        modified = try container.decodeIfPresent(WooCommerceTimestamp.self, forKey: .modified)
        paid = try container.decodeIfPresent(WooCommerceTimestamp.self, forKey: .paid)
        metaData = try container.decodeIfPresent([Meta].self, forKey: .metaData) ?? []
        customerNote = try container.decodeIfPresent(String.self, forKey: .customerNote)
    }

    /// The change identity of this record.
    var changeKey: WooCommerceChangeWindow.Key? {
        modified.map { WooCommerceChangeWindow.Key(id: id, modified: $0) }
    }
}
