/// A webhook the other system keeps, as it reports it: which topic, where it delivers, and
/// whether it still does.
public struct WebhookSubscription: Sendable, Hashable {
    /// The system's id for the webhook.
    public var id: String
    /// What it delivers (WooCommerce: `order.created`).
    public var topic: String
    /// Where it delivers.
    public var deliveryURL: String
    /// Whether the system still delivers it.
    public var isActive: Bool
    /// The system's word for its state (WooCommerce: `active`, `paused`, `disabled`).
    public var status: String

    /// A webhook as read.
    public init(id: String, topic: String, deliveryURL: String, isActive: Bool, status: String) {
        self.id = id
        self.topic = topic
        self.deliveryURL = deliveryURL
        self.isActive = isActive
        self.status = status
    }
}

/// A system whose webhooks can be read and switched back on: the way to notice a source that
/// stopped sending (WooCommerce disables a webhook after repeated failed deliveries and never
/// re-sends what it dropped — spec §12.4) and to make it send again.
public protocol WebhookSubscriptions: Connector {
    /// Every webhook the system keeps, active or not.
    func webhookSubscriptions() throws(ConnectorError) -> [WebhookSubscription]
    /// Switches a webhook back on.
    func activateWebhook(id: String) throws(ConnectorError)
}
