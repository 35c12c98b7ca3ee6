public import Foundation
public import Commerce

/// One inbound webhook request as received, before anything trusts it: the raw body exactly as
/// its bytes arrived (signatures are computed over them, never over a re-encoding) and the
/// header fields. Connectors see this value, not the HTTP server's request type.
public struct WebhookDelivery: Sendable, Hashable {
    /// Header fields with lower-cased names; repeated fields keep their first value.
    public var headers: [String: String]
    /// The raw body.
    public var body: [UInt8]
    /// When we received it.
    public var receivedAt: Date

    /// Creates a delivery; header names are compared case-insensitively (RFC 9110 §5.1).
    public init(headers: [(name: String, value: String)], body: [UInt8], receivedAt: Date = Date()) {
        var byName: [String: String] = [:]
        for field in headers where byName[field.name.lowercased()] == nil {
            byName[field.name.lowercased()] = field.value
        }
        self.headers = byName
        self.body = body
        self.receivedAt = receivedAt
    }

    /// The value of a header field, by any case of its name.
    public subscript(header name: String) -> String? { headers[name.lowercased()] }
}

/// A verified webhook delivery, parsed into Commerce's terms.
public struct WebhookEvent: Sendable, Hashable {
    /// What happened to the record.
    public enum Action: String, Sendable, Hashable, Codable {
        /// Created in the system.
        case created
        /// Updated.
        case updated
        /// Deleted (the record carries only its id).
        case deleted
        /// Restored from the trash.
        case restored
        /// A test delivery sent when the webhook is saved; acknowledge it and do nothing.
        case ping
    }

    /// The record the event carries.
    public enum Record: Sendable, Hashable {
        /// A product with its variants.
        case product(Product)
        /// An order.
        case order(Order)
        /// A customer.
        case customer(Customer)
        /// A refund.
        case refund(Refund)
        /// Only the record's id in the system (deletions).
        case reference(ConnectorResource, ExternalID)
        /// Nothing (a ping).
        case none
    }

    /// The system's id for this delivery, the first key for recognising a repeat.
    public var deliveryID: String?
    /// The system's topic, e.g. `order.updated`.
    public var topic: String
    /// What happened.
    public var action: Action
    /// The resource the topic is about, nil for a ping.
    public var resource: ConnectorResource?
    /// The record.
    public var record: Record
    /// A key that is the same for the same delivery received twice and differs otherwise, for
    /// an ingress that must not process a repeat; nil when the system gives nothing to build it
    /// from. (WooCommerce's delivery id alone repeats within a second, spec §12.3, so its key
    /// adds a digest of the body.)
    public var replayKey: String?

    /// Creates an event.
    public init(deliveryID: String?, topic: String, action: Action, resource: ConnectorResource?, record: Record,
                replayKey: String? = nil) {
        self.deliveryID = deliveryID
        self.topic = topic
        self.action = action
        self.resource = resource
        self.record = record
        self.replayKey = replayKey
    }
}
