/// A configured connection to one system. Every connector can describe itself and test its
/// connection; what else it does is said by the operation protocols it adopts (``ProductSource``,
/// ``OrderTarget``, …), which match its descriptor's capabilities.
///
/// Calls block the calling worker thread (libcurl easy interface, as the rest of the platform's
/// outbound I/O); a connector holds no per-call state and may be used from several threads.
public protocol Connector: Sendable {
    /// What this connector is and needs.
    static var descriptor: ConnectorDescriptor { get }

    /// Calls the system with the configuration and reports what answered, or throws the error
    /// that says what to fix (wrong URL, refused credentials, missing rights).
    func testConnection() throws(ConnectorError) -> ConnectionReport
}

/// Verifies and parses the system's webhook deliveries.
public protocol WebhookReceiver: Connector {
    /// Checks the delivery's signature against the connection's secret and parses it.
    ///
    /// - Throws: a permanent error when the signature is missing or wrong (never trust the body
    ///   then), a business error when a signed body cannot be read as the topic says.
    func receive(_ delivery: WebhookDelivery) throws(ConnectorError) -> WebhookEvent
}
