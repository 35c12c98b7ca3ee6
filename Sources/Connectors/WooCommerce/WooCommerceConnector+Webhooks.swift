import Commerce
import Crypto
import Foundation

extension WooCommerceConnector: WebhookReceiver {
    /// Verifies a delivery (``WooCommerceWebhookVerifier``) and reads it (spec §12.3): topic from
    /// `X-WC-Webhook-Topic`, delivery id from `X-WC-Webhook-Delivery-ID`, the body the record as
    /// a REST GET would give it at delivery time. The unsigned save-time ping is `.ping`.
    ///
    /// A simple product comes as a `Product`; a variable product or a variation (whose
    /// `product.updated` carries the variation alone) as a reference to the product's id, to be
    /// read whole with ``product(id:)``; a deletion as a reference to the id.
    public func receive(_ delivery: WebhookDelivery) throws(ConnectorError) -> WebhookEvent {
        if case .ping = try WooCommerceWebhookVerifier(secret: settings.webhookSecret).verify(delivery) {
            return WebhookEvent(deliveryID: nil, topic: "ping", action: .ping, resource: nil, record: .none)
        }
        let topic = delivery[header: "X-WC-Webhook-Topic"] ?? ""
        let deliveryID = delivery[header: "X-WC-Webhook-Delivery-ID"]
        let parts = topic.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            throw ConnectorError.business("The delivery's topic \(topic.isEmpty ? "(none)" : topic) is not resource.event.",
                                          subject: "webhook delivery \(deliveryID ?? "")")
        }
        let action: WebhookEvent.Action = switch parts[1] {
        case "created": .created
        case "deleted": .deleted
        case "restored": .restored
        default: .updated
        }
        let subject = "webhook delivery \(deliveryID ?? "") (\(topic))"
        let record = try Self.record(resource: parts[0], action: action, body: delivery.body, subject: subject, settings: settings)
        return WebhookEvent(deliveryID: deliveryID, topic: topic, action: action, resource: record.resource, record: record.record,
                            replayKey: Self.replayKey(for: delivery))
    }

    /// `woocommerce:<webhook id>:<delivery id>:<SHA-256 of the body, hex>`: the same for the
    /// same delivery received twice, different for two deliveries that share a delivery id
    /// (WooCommerce repeats it within one second, spec §12.3) but not their body.
    public static func replayKey(for delivery: WebhookDelivery) -> String {
        let webhook = delivery[header: "X-WC-Webhook-ID"] ?? "-"
        let id = delivery[header: "X-WC-Webhook-Delivery-ID"] ?? "-"
        return "woocommerce:\(webhook):\(id):\(Hex.encode(SHA256.hash(delivery.body)))"
    }

    private static func record(resource: String, action: WebhookEvent.Action, body: [UInt8], subject: String,
                               settings: WooCommerceSettings) throws(ConnectorError) -> (resource: ConnectorResource, record: WebhookEvent.Record) {
        let kind: ConnectorResource
        switch resource {
        case "product": kind = .product
        case "order": kind = .order
        case "customer": kind = .customer
        default:
            throw ConnectorError.business("Counterpart does not take \(resource) deliveries; remove the webhook's topic in the store.",
                                          subject: subject)
        }
        if action == .deleted {
            let deleted = try decode(Deleted.self, body, subject: subject)
            return (kind, .reference(kind, ExternalID(.wooCommerce, String(deleted.id))))
        }
        switch kind {
        case .order:
            return (kind, .order(try WooCommerceOrderMapping.order(try decode(WireOrder.self, body, subject: subject))))
        case .customer:
            return (kind, .customer(WooCommerceCustomerMapping.customer(try decode(WireCustomer.self, body, subject: subject))))
        default:
            let wire = try decode(WireProduct.self, body, subject: subject)
            if wire.type == "variation" { return (kind, .reference(.product, ExternalID(.wooCommerce, String(wire.parentID)))) }
            if wire.type == "variable" { return (kind, .reference(.product, ExternalID(.wooCommerce, String(wire.id)))) }
            return (kind, .product(try WooCommerceProductMapping.product(wire, variations: [], settings: settings)))
        }
    }

    private static func decode<Value: Decodable>(_ type: Value.Type, _ body: [UInt8], subject: String) throws(ConnectorError) -> Value {
        do { return try JSONDecoder().decode(type, from: Data(body)) } catch {
            throw ConnectorError.business("The signed delivery's body is not the record its topic names: \(WooCommerceTransport.describe(error)).",
                                          subject: subject, upstream: UpstreamReply(status: nil, body: body))
        }
    }

    /// A deletion's payload, `{"id": N}`.
    private struct Deleted: Decodable { let id: Int }
}
