import Commerce
@testable import Connectors
import Foundation
import HTTPClient
import WooCommerceSimulator

/// Fixtures for the WooCommerce tests: captured responses and deliveries from a real
/// WooCommerce 11 store (Fixtures/, copied from the spec's samples), and a simulator with a
/// connector configured for it.
enum WooCommerceTestSupport {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The raw `body` of a captured response file, re-encoded as JSON bytes.
    static func capturedBody(_ name: String) throws -> [UInt8] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent(name))) as? [String: Any]
        return Array(try JSONSerialization.data(withJSONObject: object?["body"] ?? NSNull(), options: [.fragmentsAllowed]))
    }

    /// The headers of a captured response file.
    static func capturedHeaders(_ name: String) throws -> OutboundHeaders {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent(name))) as? [String: Any]
        let headers = object?["headers"] as? [String: String] ?? [:]
        return OutboundHeaders(headers.sorted { $0.key < $1.key }.map { OutboundHeaders.Field(name: $0.key, value: $0.value) })
    }

    /// A captured webhook delivery exactly as it arrived: header fields and the raw body.
    static func capturedDelivery(_ name: String) throws -> WebhookDelivery {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent(name))) as? [String: Any]
        let headers = (object?["headers"] as? [String: String] ?? [:]).map { (name: $0.key, value: $0.value) }
        return WebhookDelivery(headers: headers, body: Array((object?["body"] as? String ?? "").utf8))
    }

    /// The secret of webhooks 3 and 4 in the captures (samples README).
    static let capturedWebhookSecret = "whsec-34d1a6"

    /// A connection to `simulator` with its keys and optional extra settings.
    static func configuration(for simulator: WooCommerceSimulator, settings: [String: String] = [:],
                              webhookSecret: String? = nil) -> ConnectionConfiguration {
        var configuration = ConnectionConfiguration(
            settings: [WooCommerceConnector.Field.storeURL: simulator.storeURL,
                       WooCommerceConnector.Field.consumerKey: simulator.configuration.consumerKey],
            secrets: [WooCommerceConnector.Field.consumerSecret: simulator.configuration.consumerSecret])
        configuration.settings.merge(settings) { _, new in new }
        if let webhookSecret { configuration.secrets[WooCommerceConnector.Field.webhookSecret] = webhookSecret }
        return configuration
    }

    /// A connector for `simulator` whose OAuth clock is the store's.
    static func connector(for simulator: WooCommerceSimulator, settings: [String: String] = [:], webhookSecret: String? = nil,
                          client: HTTPClient? = nil) throws -> WooCommerceConnector {
        let clock = simulator.clock
        return try WooCommerceConnector(configuration: configuration(for: simulator, settings: settings, webhookSecret: webhookSecret),
                                        client: client ?? HTTPClient(), clock: { clock.now })
    }

    /// Runs `body` against a fresh store, shut down afterwards.
    static func withStore<Result>(_ configure: (inout WooCommerceSimulator.Configuration) -> Void = { _ in },
                                  _ body: (WooCommerceSimulator) throws -> Result) throws -> Result {
        var configuration = WooCommerceSimulator.Configuration()
        configure(&configuration)
        let simulator = try WooCommerceSimulator(configuration: configuration)
        defer { simulator.shutdown() }
        return try body(simulator)
    }

    static func sku(_ text: String) -> SKU { try! SKU(text) }

    /// A simple product with defaults.
    static func product(_ sku: String, name: String? = nil, variants: [Variant] = [], attributes: [ProductAttribute] = []) -> Product {
        Product(sku: Self.sku(sku), name: name ?? "Product \(sku)", attributes: attributes, variants: variants)
    }

    /// A list price in euros.
    static func price(_ sku: String, _ amount: String, currency: CurrencyCode = .eur) -> Price {
        Price(sku: Self.sku(sku), list: Money(amount, currency)!)
    }
}
