import Foundation

/// Everything the simulated store holds. Products, variations, orders and refunds share one id
/// sequence, as WordPress posts do (spec §7, §10).
struct SimulatedStore: Sendable {
    var nextID = 10
    var products: [Int: SimulatedProduct] = [:]
    var orders: [Int: SimulatedOrder] = [:]
    var customers: [Int: SimulatedCustomer] = [:]
    var nextCustomerID = 2
    var webhooks: [Int: SimulatedWebhook] = [:]
    var nextWebhookID = 1
    var nextNoteID = 1
    /// Nonces seen per the last 15 minutes (`woocommerce_api_keys.nonces`).
    var nonces: [String: Int64] = [:]
    /// Deliveries waiting for the Action Scheduler: (webhook id, topic, record id), coalesced.
    var pendingDeliveries: [PendingDelivery] = []
    /// Every API request, `METHOD /route`, in arrival order.
    var requestLog: [String] = []

    mutating func allocateID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    /// The live (not trashed) product or variation holding `sku`.
    func holder(ofSKU sku: String) -> SimulatedProduct? {
        guard !sku.isEmpty else { return nil }
        return products.values.first { $0.sku == sku && $0.status != "trash" }
    }

    /// Queues a delivery of `topic` about `recordID` for every active webhook on it, unless an
    /// identical one is already pending (Action Scheduler coalescing, spec §12.2).
    mutating func enqueue(topic: String, recordID: Int) {
        for webhook in webhooks.values.sorted(by: { $0.id < $1.id }) where webhook.status == "active" && webhook.topic == topic {
            let delivery = PendingDelivery(webhookID: webhook.id, topic: topic, recordID: recordID)
            if !pendingDeliveries.contains(delivery) { pendingDeliveries.append(delivery) }
        }
    }
}

/// A delivery waiting to run.
struct PendingDelivery: Sendable, Hashable {
    var webhookID: Int
    var topic: String
    var recordID: Int
}

/// A webhook of the simulated store (spec §12.1).
struct SimulatedWebhook: Sendable {
    var id: Int
    var name: String
    var topic: String
    var deliveryURL: String
    var secret: String
    var status: String
    var failureCount = 0
    var created: Int64

    func json() -> [String: Any] {
        let parts = topic.split(separator: ".").map(String.init)
        return [
            "id": id, "name": name, "status": status, "topic": topic, "resource": parts.first ?? "", "event": parts.last ?? "",
            "hooks": [Any](), "delivery_url": deliveryURL, "date_created": SimulatedClock.text(created),
            "date_created_gmt": SimulatedClock.text(created), "date_modified": SimulatedClock.text(created),
            "date_modified_gmt": SimulatedClock.text(created),
        ]
    }

    /// Topics with hooks in WooCommerce 11 (`wc_is_webhook_valid_topic`).
    static let validTopics: Set<String> = [
        "order.created", "order.updated", "order.deleted", "order.restored",
        "product.created", "product.updated", "product.deleted", "product.restored", "product.published",
        "customer.created", "customer.updated", "customer.deleted",
        "coupon.created", "coupon.updated", "coupon.deleted", "coupon.restored",
    ]
}
