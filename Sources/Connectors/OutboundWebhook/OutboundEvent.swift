public import Foundation

/// One canonical event for an outbound webhook, already encoded: the exact bytes that are
/// signed and sent, so every retry sends (and the receiver verifies) the same body.
///
/// The body is `{"id","type","occurred_at","data"}` with keys sorted, dates in RFC 3339 UTC and
/// money as decimal strings (Commerce's `Money` encoding) — canonical JSON a receiver can hash.
public struct OutboundEvent: Sendable, Hashable {
    /// The event's id: the same on every retry, for the receiver's de-duplication.
    public let id: String
    /// What happened, e.g. `order.created`, `stock.changed`.
    public let type: String
    /// The encoded body.
    public let body: [UInt8]

    /// Encodes an event around a Commerce value (or any `Encodable`).
    public init(id: String, type: String, occurredAt: Date, data: some Encodable & Sendable) throws(ConnectorError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            body = Array(try encoder.encode(OutboundEventEnvelope(id: id, type: type, occurredAt: occurredAt, data: data)))
        } catch {
            throw ConnectorError.business("The \(type) event \(id) cannot be encoded as JSON: \(error)", subject: "event \(id)")
        }
        self.id = id
        self.type = type
    }
}

/// The canonical envelope around an event's data.
struct OutboundEventEnvelope<Payload: Encodable>: Encodable {
    var id: String
    var type: String
    var occurredAt: Date
    var data: Payload
    enum CodingKeys: String, CodingKey { case id, type, occurredAt = "occurred_at", data }
}

/// What a delivery achieved.
public struct DeliveryReceipt: Sendable, Hashable {
    /// The receiver's final (2xx) status.
    public var status: Int
    /// How many attempts it took (1 when the first succeeded).
    public var attempts: Int
    /// The whole delivery, waits between attempts included.
    public var elapsed: Duration

    /// Creates a receipt.
    public init(status: Int, attempts: Int, elapsed: Duration) {
        self.status = status
        self.attempts = attempts
        self.elapsed = elapsed
    }
}
