import Crypto
import Commerce
import Connectors
import Foundation
import HTTPClient
import Synchronization
import Testing

/// The outbound webhook against a real receiver on loopback: what is signed, what is retried,
/// what is given up on.
@Suite struct OutboundWebhookTests {
    static let secret = "whsec-0123456789abcdef"
    static let fixedNow = Date(timeIntervalSince1970: 1_795_000_000)

    /// Waits recorded instead of spent, so no test depends on the clock.
    final class RecordedWaits: Sendable {
        let waits = Mutex<[Duration]>([])
        var policy: DeliveryRetryPolicy {
            DeliveryRetryPolicy(maxAttempts: 3, baseDelay: .seconds(1), maxDelay: .seconds(8),
                                sleep: { delay in self.waits.withLock { $0.append(delay) } }, random: { 0.5 })
        }
    }

    func connector(_ url: String, attempts: Int = 3, waits: RecordedWaits = RecordedWaits()) throws -> OutboundWebhookConnector {
        let configuration = OutboundWebhookConnector.descriptor.withDefaults(ConnectionConfiguration(
            settings: ["url": url, "max_attempts": String(attempts)], secrets: ["signing_secret": Self.secret]))
        #expect(OutboundWebhookConnector.descriptor.problems(in: configuration).isEmpty)
        return try OutboundWebhookConnector(configuration: configuration, client: try HTTPClient(), retry: waits.policy,
                                            now: { Self.fixedNow })
    }

    static func stockEvent() throws -> OutboundEvent {
        let level = StockLevel(sku: try SKU("TEE-RED-M"), location: "WH", quantity: Decimal(string: "12.5")!,
                               asOf: Date(timeIntervalSince1970: 1_795_000_000))
        return try OutboundEvent(id: "evt-1", type: "stock.changed", occurredAt: fixedNow, data: level)
    }

    @Test func postsCanonicalJSONSignedOverTimestampAndBody() throws {
        let receiver = try EventReceiver(answers: [204])
        let receipt = try connector(receiver.url).deliver(try Self.stockEvent())
        #expect(receipt.status == 204 && receipt.attempts == 1)
        let delivery = try #require(receiver.deliveries.first)
        #expect(delivery.headers["Counterpart-Event-Id"] == "evt-1")
        #expect(delivery.headers["Counterpart-Event-Type"] == "stock.changed")
        #expect(delivery.headers["Content-Type"] == "application/json")
        let body = String(decoding: delivery.body, as: UTF8.self)
        #expect(body.hasPrefix(#"{"data":{"#))
        #expect(body.contains(#""sku":"TEE-RED-M""#) && body.contains(#""occurred_at":"2026-11-18T"#))
        let signature = try #require(delivery.headers["Counterpart-Signature"])
        #expect(signature.hasPrefix("t=1795000000,v1="))
        #expect(WebhookSignature.verify(header: signature, body: delivery.body, secret: Self.secret, now: Self.fixedNow))
        // A receiver refuses the same bytes under another secret, a changed body, or too late.
        #expect(!WebhookSignature.verify(header: signature, body: delivery.body, secret: "another-secret-0000", now: Self.fixedNow))
        #expect(!WebhookSignature.verify(header: signature, body: delivery.body + [0x20], secret: Self.secret, now: Self.fixedNow))
        #expect(!WebhookSignature.verify(header: signature, body: delivery.body, secret: Self.secret,
                                         now: Self.fixedNow.addingTimeInterval(301)))
    }

    @Test func retriesA5xxWithBackOffAndDeliversTheSameEventOnce() throws {
        let receiver = try EventReceiver(answers: [500, 503, 200])
        let waits = RecordedWaits()
        let receipt = try connector(receiver.url, waits: waits).deliver(try Self.stockEvent())
        #expect(receipt.attempts == 3 && receipt.status == 200)
        #expect(receiver.deliveries.count == 3)
        #expect(Set(receiver.deliveries.map(\.body)).count == 1, "every attempt sends the same bytes")
        #expect(Set(receiver.deliveries.compactMap { $0.headers["Counterpart-Event-Id"] }) == ["evt-1"])
        // Equal jitter with random 0.5: 1 s → 0.75 s, then 2 s → 1.5 s.
        #expect(waits.waits.withLock { $0 } == [.milliseconds(750), .milliseconds(1500)])
    }

    @Test func honoursRetryAfterOnA429() throws {
        let receiver = try EventReceiver(answers: [429, 204], retryAfter: "3")
        let waits = RecordedWaits()
        _ = try connector(receiver.url, waits: waits).deliver(try Self.stockEvent())
        #expect(waits.waits.withLock { $0 } == [.seconds(3)])
    }

    @Test func givesATransientErrorBackAfterTheLastAttempt() throws {
        let receiver = try EventReceiver(answers: [502, 502])
        let error = #expect(throws: ConnectorError.self) {
            try connector(receiver.url, attempts: 2).deliver(try Self.stockEvent())
        }
        #expect(error?.errorClass == .transient)
        #expect(error?.upstream?.status == 502)
        #expect(error?.subject == "event evt-1")
        #expect(receiver.deliveries.count == 2)
    }

    @Test func doesNotRetryAnEventTheReceiverRefuses() throws {
        let receiver = try EventReceiver(answers: [422])
        let error = #expect(throws: ConnectorError.self) { try connector(receiver.url).deliver(try Self.stockEvent()) }
        #expect(error?.errorClass == .business)
        #expect(receiver.deliveries.count == 1)
    }

    @Test func reportsRefusedCredentialsAsPermanent() throws {
        let receiver = try EventReceiver(answers: [401])
        let error = #expect(throws: ConnectorError.self) { try connector(receiver.url).testConnection() }
        #expect(error?.errorClass == .permanent)
    }

    @Test func testsTheConnectionWithASignedPing() throws {
        let receiver = try EventReceiver(answers: [204])
        let report = try connector(receiver.url).testConnection()
        #expect(report.summary.contains("HTTP 204"))
        #expect(receiver.deliveries.first?.headers["Counterpart-Event-Type"] == "ping")
    }

    @Test func refusesAShortSigningSecret() {
        let configuration = ConnectionConfiguration(settings: ["url": "https://bi.example/hooks"], secrets: ["signing_secret": "short"])
        #expect(throws: ConnectorError.self) { try OutboundWebhookConnector(configuration: configuration, client: try HTTPClient()) }
    }
}
