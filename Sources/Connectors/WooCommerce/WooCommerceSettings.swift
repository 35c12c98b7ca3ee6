import Commerce
import Foundation

/// A WooCommerce connection's configuration, checked once and read into typed values.
struct WooCommerceSettings: Sendable {
    /// `http` or `https`, lower case.
    let scheme: String
    /// The host, as configured.
    let host: String
    /// The port when the URL names one.
    let port: Int?
    /// The store's sub-path without a trailing slash (`""` for a store at the root).
    let basePath: String
    /// The consumer key.
    let consumerKey: String
    /// The consumer secret.
    let consumerSecret: String
    /// The webhook secret, if configured.
    let webhookSecret: String?
    /// Whether https requests carry the keys in the query string instead of HTTP Basic.
    let usesQueryStringKeys: Bool
    /// Whether the store uses plain permalinks (`?rest_route=`).
    let usesPlainPermalinks: Bool
    /// Records per page.
    let pageSize: Int
    /// Items per batch request.
    let batchSize: Int
    /// The location code of the store's stock.
    let stockLocation: String
    /// The store's weight unit.
    let weightUnit: Weight.Unit
    /// The store's dimension unit.
    let dimensionUnit: Dimensions.Unit
    /// The change-read overlap in seconds.
    let overlapSeconds: Int64

    /// Reads `configuration`; a permanent error lists every field that breaks its rule.
    init(_ configuration: ConnectionConfiguration) throws(ConnectorError) {
        let descriptor = WooCommerceConnector.descriptor
        let problems = descriptor.problems(in: configuration)
        guard problems.isEmpty else {
            throw ConnectorError.permanent("The WooCommerce connection is not complete: "
                + problems.map(\.description).joined(separator: "; ") + ". Edit the connection.")
        }
        let filled = descriptor.withDefaults(configuration)
        typealias Field = WooCommerceConnector.Field
        let urlText = try filled.required(Field.storeURL)
        guard let components = URLComponents(string: urlText), let scheme = components.scheme?.lowercased(),
              let host = components.host else {
            throw ConnectorError.permanent("The store URL \(urlText) is not an absolute http or https URL.")
        }
        self.scheme = scheme
        self.host = host
        port = components.port
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        basePath = path
        consumerKey = try filled.required(Field.consumerKey)
        consumerSecret = try filled.required(Field.consumerSecret)
        webhookSecret = filled[Field.webhookSecret].flatMap { $0.isEmpty ? nil : $0 }
        usesQueryStringKeys = filled[Field.httpsAuthentication] == "query-string"
        usesPlainPermalinks = filled[Field.permalinks] == "plain"
        pageSize = Int(filled[Field.pageSize] ?? "") ?? 100
        batchSize = Int(filled[Field.batchSize] ?? "") ?? 100
        stockLocation = filled[Field.stockLocation] ?? "woocommerce"
        weightUnit = switch filled[Field.weightUnit] {
        case "g": .gram
        case "lbs": .pound
        case "oz": .ounce
        default: .kilogram
        }
        dimensionUnit = Dimensions.Unit(rawValue: filled[Field.dimensionUnit] ?? "cm") ?? .centimetre
        overlapSeconds = Int64(filled[Field.overlapSeconds] ?? "") ?? 5
    }

    /// Whether requests go over TLS (HTTP Basic or query keys); plain http signs with OAuth.
    var isSecure: Bool { scheme == "https" }

    /// `scheme://host[:port]`.
    var origin: String { "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")" }

    /// The store URL as configured, without a trailing slash.
    var storeURL: String { origin + basePath }
}
