import Commerce
public import Foundation
public import HTTPClient
import Synchronization

/// A WooCommerce store through its REST API v3 and webhooks (`../shared/specs/woocommerce.md`).
///
/// - Reads products with their variations, orders, an order's refunds and customers; change
///   reads use `modified_after` with an overlap and de-duplication (``WooCommerceChangeWindow``).
/// - Writes products, variations and prices (by SKU, through the batch endpoints), stock
///   quantities, customers (by id or e-mail), and shipments: the tracking as a customer note on
///   the order and the order `completed` once the shipment holds every line.
/// - Verifies webhook deliveries (base64 HMAC-SHA256 of the raw body) and answers pings.
///
/// Authentication follows the spec's connector rule (§3): https stores get HTTP Basic (or the
/// keys in the query string), plain-http stores OAuth 1.0a signed with HMAC-SHA256.
public struct WooCommerceConnector: Connector {
    let settings: WooCommerceSettings
    let transport: WooCommerceTransport
    private let currencyCache = CurrencyCache()

    /// A connector for the connection `configuration`, sending through `client`.
    ///
    /// - Parameter clock: the time OAuth timestamps are taken from.
    /// - Throws: a permanent error naming each field that is missing or malformed.
    public init(configuration: ConnectionConfiguration, client: HTTPClient,
                clock: @escaping @Sendable () -> Date = { Date() }) throws(ConnectorError) {
        settings = try WooCommerceSettings(configuration)
        transport = WooCommerceTransport(settings: settings, client: client, clock: clock, nonce: WooCommerceTransport.randomNonce)
    }

    /// Reads the store's system status (WooCommerce and WordPress versions, home URL, currency)
    /// and counts its products, which proves the key may read the catalogue.
    public func testConnection() throws(ConnectorError) -> ConnectionReport {
        let started = ContinuousClock.now
        let (status, _) = try transport.fetch(SystemStatus.self, "/system_status", query: [("_fields", "environment,settings")],
                                              while: "reading the store's system status")
        let (_, products) = try transport.fetch([WireProduct].self, "/products", query: [("per_page", "1"), ("context", "edit")],
                                                while: "counting the store's products")
        let version = status.environment?.version ?? "unknown version"
        let home = status.environment?.homeURL ?? settings.storeURL
        var facts = [ConnectionReport.Fact("WooCommerce version", version)]
        if let wordPress = status.environment?.wordPressVersion { facts.append(.init("WordPress version", wordPress)) }
        facts.append(.init("Store URL", home))
        if let currency = status.settings?.currency { facts.append(.init("Currency", currency)) }
        if let total = WooCommercePageInfo(products.headers).total { facts.append(.init("Products", String(total))) }
        facts.append(.init("Authentication", settings.isSecure
            ? (settings.usesQueryStringKeys ? "keys in the query string over https" : "HTTP Basic over https")
            : "OAuth 1.0a (HMAC-SHA256) over plain http"))
        return ConnectionReport(summary: "Connected to WooCommerce \(version) at \(home)", facts: facts,
                                elapsed: ContinuousClock.now - started)
    }

    /// The store's currency (`woocommerce_currency`), read once per connector.
    func storeCurrency() throws(ConnectorError) -> CurrencyCode {
        if let known = currencyCache.value.withLock({ $0 }) { return known }
        let (setting, _) = try transport.fetch(Setting.self, "/settings/general/woocommerce_currency", while: "reading the store's currency")
        guard let currency = CurrencyCode(setting.value) else {
            throw ConnectorError.permanent("The store's currency \(setting.value) is not an ISO 4217 code Counterpart knows.")
        }
        currencyCache.value.withLock { $0 = currency }
        return currency
    }

    /// `GET /system_status`, the parts read.
    private struct SystemStatus: Decodable {
        struct Environment: Decodable {
            let homeURL: String?
            let version: String?
            let wordPressVersion: String?

            private enum CodingKeys: String, CodingKey {
                case version
                case homeURL = "home_url", wordPressVersion = "wp_version"
            }
        }

        struct Settings: Decodable { let currency: String? }

        let environment: Environment?
        let settings: Settings?
    }

    /// `GET /settings/general/{id}` (capture 48), the value.
    private struct Setting: Decodable { let value: String }

    /// The store currency once read; shared by copies of the connector.
    private final class CurrencyCache: Sendable {
        let value = Mutex<CurrencyCode?>(nil)
    }
}
