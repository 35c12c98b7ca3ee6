import Crypto
public import Foundation
public import HTTPClient

/// Posts canonical events to any HTTP endpoint — a BI loader, a CRM, a loyalty system — signed
/// with ``WebhookSignature`` and retried on transient failures (issue 5 §6).
///
/// The receiver's answer decides: 2xx delivered; 408, 429 and 5xx, timeouts and dropped
/// connections retried (a `Retry-After` honoured); 401/403 mean our secret or the endpoint's
/// rules are wrong — permanent; any other 4xx is the receiver refusing this event — business.
public struct OutboundWebhookConnector: EventTarget {
    /// The descriptor.
    public static let descriptor = ConnectorDescriptor(
        kind: .outboundWebhook, version: "1", displayName: "Outbound webhook",
        protocolName: "HTTPS POST of canonical JSON, HMAC-SHA256 signed (Counterpart-Signature)",
        fields: [
            ConnectionField("url", label: "Endpoint URL", help: "Where events are posted. Use https outside tests.",
                            kind: .url(schemes: ["https", "http"])),
            ConnectionField("signing_secret", label: "Signing secret",
                            help: "Shared with the receiver, which checks Counterpart-Signature with it. At least 16 characters.",
                            kind: .secret),
            ConnectionField("timeout_seconds", label: "Timeout (seconds)", help: "How long one attempt may take.",
                            kind: .integer(1...60), isRequired: false, defaultValue: "10"),
            ConnectionField("max_attempts", label: "Attempts per delivery",
                            help: "Tries before the failure goes back to the retry queue.",
                            kind: .integer(1...10), isRequired: false, defaultValue: "3"),
        ],
        capabilities: [.testConnection, .deliverEvents])

    let url: String
    let secret: String
    let timeout: Duration
    let client: HTTPClient
    let retry: DeliveryRetryPolicy
    let now: @Sendable () -> Date

    /// Creates the connector from a configuration that passed the descriptor.
    /// - Parameters:
    ///   - retry: the in-connector retry policy; `max_attempts` from the configuration wins.
    ///   - now: the clock the signature's timestamp comes from.
    public init(configuration: ConnectionConfiguration, client: HTTPClient, retry: DeliveryRetryPolicy = DeliveryRetryPolicy(),
                now: @escaping @Sendable () -> Date = { Date() }) throws(ConnectorError) {
        url = try configuration.required("url")
        secret = try configuration.required("signing_secret")
        guard secret.utf8.count >= 16 else {
            throw ConnectorError.permanent("The signing secret is shorter than 16 characters; use a long random value.")
        }
        timeout = .seconds(Int(configuration["timeout_seconds"] ?? "") ?? 10)
        var retry = retry
        if let attempts = Int(configuration["max_attempts"] ?? "") { retry.maxAttempts = attempts }
        self.retry = retry
        self.client = client
        self.now = now
    }

    /// Delivers a `ping` event and reports the endpoint's answer. One attempt: a test shows what
    /// the endpoint does now, it does not wait for it to recover.
    public func testConnection() throws(ConnectorError) -> ConnectionReport {
        let event = try OutboundEvent(id: "ping-\(UUID().uuidString.lowercased())", type: "ping", occurredAt: now(),
                                      data: ["message": "Counterpart connection test"])
        let clock = ContinuousClock()
        let start = clock.now
        let status = try attempt(event)
        let elapsed = clock.now - start
        return ConnectionReport(summary: "The endpoint accepted a signed ping (HTTP \(status)).",
                                facts: [.init("Endpoint", RedactedURL(url).description), .init("Answer", "HTTP \(status)")],
                                elapsed: elapsed)
    }

    /// Delivers the event, retrying transient failures up to the policy's attempts.
    public func deliver(_ event: OutboundEvent) throws(ConnectorError) -> DeliveryReceipt {
        let clock = ContinuousClock()
        let start = clock.now
        var attemptNumber = 1
        while true {
            do {
                let status = try attempt(event)
                return DeliveryReceipt(status: status, attempts: attemptNumber, elapsed: clock.now - start)
            } catch where error.errorClass == .transient && attemptNumber < retry.maxAttempts {
                retry.sleep(retry.delay(afterAttempt: attemptNumber, retryAfter: error.retryAfter))
                attemptNumber += 1
            } catch {
                throw error.about("event \(event.id)")
            }
        }
    }

    /// One signed POST; the status when it was 2xx.
    func attempt(_ event: OutboundEvent) throws(ConnectorError) -> Int {
        var request = OutboundRequest(method: .post, url: url, body: event.body, totalTimeout: timeout)
        request.headers.append(name: "Content-Type", value: "application/json")
        request.headers.append(name: "Counterpart-Event-Id", value: event.id)
        request.headers.append(name: "Counterpart-Event-Type", value: event.type)
        // A fresh timestamp per attempt: a retry minutes later must still fall in the receiver's window.
        request.headers.append(name: WebhookSignature.headerName, value: WebhookSignature.header(
            secret: secret, timestamp: Int(now().timeIntervalSince1970), body: event.body))
        let response = try client.send(request, while: "delivering \(event.type) event \(event.id)")
        guard response.isSuccess else {
            throw ConnectorError.classifying(response, while: "delivering \(event.type) event \(event.id)")
        }
        return response.status
    }
}
