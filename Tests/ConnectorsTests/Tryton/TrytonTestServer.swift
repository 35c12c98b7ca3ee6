import Commerce
import Connectors
import Foundation
import HTTPClient
import Testing

/// The real Tryton the live suites run against: `deploy/local/tryton.sh start` serves it and
/// `make test` exports its URL. Without the URL the suites are disabled with a reason, unless
/// COUNTERPART_REQUIRE_TRYTON=1 says they must run (then they fail on the missing URL).
enum TrytonTestServer {
    private static let environment = ProcessInfo.processInfo.environment

    /// The server's URL (COUNTERPART_TRYTON_URL).
    static let url = environment["COUNTERPART_TRYTON_URL"].flatMap { $0.isEmpty ? nil : $0 }
    /// Whether the live suites run.
    static let isEnabled = url != nil || environment["COUNTERPART_REQUIRE_TRYTON"] == "1"
    /// Why they are skipped otherwise.
    static let disabledReason: Comment =
        "COUNTERPART_TRYTON_URL is unset: run deploy/local/tryton.sh start and export COUNTERPART_TRYTON_URL=$(deploy/local/tryton.sh url)"
    /// The seeded user (COUNTERPART_TRYTON_LOGIN / COUNTERPART_TRYTON_PASSWORD, default admin/admin).
    static let login = environment["COUNTERPART_TRYTON_LOGIN"] ?? "admin"
    static let password = environment["COUNTERPART_TRYTON_PASSWORD"] ?? "admin"

    static let http: HTTPClient = {
        do { return try HTTPClient(configuration: .init(totalTimeout: .seconds(120))) } catch {
            fatalError("libcurl did not initialise: \(error)")
        }
    }()

    struct MissingURL: Error, CustomStringConvertible {
        var description: String { "COUNTERPART_REQUIRE_TRYTON=1 but COUNTERPART_TRYTON_URL is unset (make test sets it)" }
    }

    /// A configuration for `database`, as an operator would save it.
    static func configuration(database: String, login: String = login, password: String = password,
                              warehouse: String? = nil) throws -> ConnectionConfiguration {
        guard let url else { throw MissingURL() }
        var settings = ["server_url": url, "database": database, "login": login]
        if let warehouse { settings["warehouse"] = warehouse }
        return ConnectionConfiguration(settings: settings, secrets: ["password": password])
    }

    static func erp(database: String = "erp", warehouse: String? = nil) throws -> TrytonERPConnector {
        try TrytonERPConnector(configuration: configuration(database: database, warehouse: warehouse), http: http)
    }

    static func pos(warehouse: String? = "ST1") throws -> TrytonPOSConnector {
        try TrytonPOSConnector(configuration: configuration(database: "pos", warehouse: warehouse), http: http)
    }

    /// A code no other test or run uses.
    static func uniqueCode(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8))"
    }

    /// A simple product priced in USD (the seeded company's currency).
    static func product(sku: String, name: String = "Counterpart test item", price: String = "20.00") throws -> (Product, Price) {
        let sku = try SKU(sku)
        return (Product(sku: sku, name: "\(name) \(sku)"), Price(sku: sku, list: Money(price, .usd)!))
    }
}
