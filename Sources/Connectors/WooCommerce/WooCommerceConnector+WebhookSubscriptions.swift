extension WooCommerceConnector: WebhookSubscriptions {
    /// `/webhooks` as the REST API lists it (spec §12.1; statuses `active`, `paused`,
    /// `disabled` — only `active` ones deliver).
    struct WireWebhook: Decodable, Sendable {
        let id: Int
        let topic: String
        let status: String
        let deliveryURL: String

        enum CodingKeys: String, CodingKey { case id, topic, status, deliveryURL = "delivery_url" }
    }

    /// Every webhook of the store, whatever its status (`status=all`, paged).
    public func webhookSubscriptions() throws(ConnectorError) -> [WebhookSubscription] {
        try readAll(WireWebhook.self, "/webhooks", query: [("status", "all")], while: "listing the store's webhooks").map {
            WebhookSubscription(id: String($0.id), topic: $0.topic, deliveryURL: $0.deliveryURL, isActive: $0.status == "active",
                                status: $0.status)
        }
    }

    /// Sets a webhook `active` again (spec §12.4: a disabled webhook stays disabled until
    /// someone does; its failure count starts again from zero).
    public func activateWebhook(id: String) throws(ConnectorError) {
        guard let number = Int(id), number > 0 else {
            throw ConnectorError.permanent("\(id) is not a WooCommerce webhook id (a positive whole number).")
        }
        _ = try transport.fetch(WireWebhook.self, "/webhooks/\(number)", method: .put,
                                json: try WooCommerceTransport.encode(["status": "active"]),
                                while: "re-activating webhook \(number)")
    }
}
