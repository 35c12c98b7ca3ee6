import Connectors
import Foundation
import HTTPClient
import Testing
import WooCommerceSimulator

/// The real systems flow tests run against: the local Tryton (`deploy/local/tryton.sh`, its
/// `erp` and `pos` databases) and a WooCommerce simulator on the wall clock.
enum FlowTestSystems {
    /// Whether Tryton is there to test against (make test sets the URL and requires it).
    static var hasTryton: Bool {
        ProcessInfo.processInfo.environment["COUNTERPART_TRYTON_URL"] != nil
            || ProcessInfo.processInfo.environment["COUNTERPART_REQUIRE_TRYTON"] == "1"
    }

    /// A Tryton connection's values (settings and its password) for a database.
    static func tryton(_ database: String, warehouse: String? = nil) throws -> [String: String] {
        let url = try #require(ProcessInfo.processInfo.environment["COUNTERPART_TRYTON_URL"])
        var settings = ["server_url": url, "database": database, "login": "admin", "password": "admin"]
        if let warehouse { settings["warehouse"] = warehouse }
        return settings
    }

    /// Connection values split as a connector takes them.
    static func configuration(_ values: [String: String]) -> ConnectionConfiguration {
        ConnectionConfiguration(settings: values.filter { $0.key != "password" }, secrets: ["password": values["password"] ?? ""])
    }

    /// A store selling in USD, the Tryton company's currency, signing with real time (OAuth
    /// 1.0a on http), and the values of a connection to it.
    static func store() throws -> (WooCommerceSimulator, [String: String]) {
        var configuration = WooCommerceSimulator.Configuration()
        configuration.currency = "USD"
        let store = try WooCommerceSimulator(configuration: configuration, clock: SimulatedClock(start: Date()))
        return (store, ["store_url": store.storeURL, "consumer_key": configuration.consumerKey,
                        "consumer_secret": configuration.consumerSecret, "webhook_secret": "flow-test-secret"])
    }
}
