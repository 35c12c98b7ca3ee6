extension WooCommerceSimulator {
    /// Adds a webhook as the store's admin would, without the save-time ping; returns its id.
    @discardableResult
    public func addWebhook(topic: String, deliveryURL: String, secret: String, status: String = "active") -> Int {
        let now = clock.epochSeconds
        return state.withLock { store in
            let webhook = SimulatedWebhook(id: store.nextWebhookID, name: "Webhook \(store.nextWebhookID)", topic: topic,
                                           deliveryURL: deliveryURL, secret: secret, status: status, created: now)
            store.nextWebhookID += 1
            store.webhooks[webhook.id] = webhook
            return webhook.id
        }
    }

    /// A webhook's status (`active`, `paused`, `disabled`) and consecutive failed deliveries.
    public func webhookState(_ id: Int) -> (status: String, failures: Int)? {
        state.withLock { store in store.webhooks[id].map { ($0.status, $0.failureCount) } }
    }

    /// Sets a webhook's status, as the store's admin would.
    public func setWebhookStatus(_ id: Int, _ status: String) {
        state.withLock { store in store.webhooks[id]?.status = status }
    }
}
