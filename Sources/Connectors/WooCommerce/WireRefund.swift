import Foundation

/// A refund as `/orders/{id}/refunds` sends it (spec §10; capture 38): amounts positive, line
/// quantities and totals negative, `_refunded_item_id` naming the order line.
struct WireRefund: Sendable, Decodable {
    struct Line: Sendable, Decodable {
        let quantity: Decimal
        let total: String
        let sku: String?
        let metaData: [WireOrder.Meta]?

        private enum CodingKeys: String, CodingKey {
            case quantity, total, sku
            case metaData = "meta_data"
        }
    }

    let id: Int
    let amount: String
    let reason: String?
    let created: WooCommerceTimestamp
    let lineItems: [Line]

    private enum CodingKeys: String, CodingKey {
        case id, amount, reason
        case created = "date_created_gmt", lineItems = "line_items"
    }
}
