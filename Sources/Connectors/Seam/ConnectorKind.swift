public import Commerce

/// Which kind of system a connection talks to. The raw value is stored with each connection
/// and names the connector in the API, so it never changes once shipped.
public struct ConnectorKind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible, CaseIterable {
    /// The stable identifier, e.g. `woocommerce`.
    public let rawValue: String

    /// Creates a kind from its stored identifier; unknown identifiers are kept (a connection
    /// written by a newer version) and fail when no descriptor is registered for them.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A WooCommerce store (REST API v3).
    public static let wooCommerce = ConnectorKind(rawValue: "woocommerce")
    /// Tryton as the ERP (its `erp` database, JSON-RPC).
    public static let trytonERP = ConnectorKind(rawValue: "tryton-erp")
    /// Tryton's point of sale (`sale_point`, its `pos` database, JSON-RPC).
    public static let trytonPOS = ConnectorKind(rawValue: "tryton-pos")
    /// CSV files exchanged over SFTP with a legacy ERP or 3PL.
    public static let fileDrop = ConnectorKind(rawValue: "file-drop")
    /// Signed JSON posted to any HTTP endpoint (BI, CRM, loyalty).
    public static let outboundWebhook = ConnectorKind(rawValue: "outbound-webhook")

    /// Every kind this version ships a connector for.
    public static let allCases: [ConnectorKind] = [.wooCommerce, .trytonERP, .trytonPOS, .fileDrop, .outboundWebhook]

    /// The system whose ids this connector's records carry (`ExternalID.system`).
    public var system: SystemKind { SystemKind(rawValue: rawValue) }

    /// The identifier.
    public var description: String { rawValue }
}
