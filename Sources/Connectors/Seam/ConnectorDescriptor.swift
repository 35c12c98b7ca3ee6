import Foundation

/// A connector declared as data (STYLE.md habit 10): what it talks to, which version of our
/// mapping it is, the fields a connection needs and what it can do. The portal builds the
/// connection form from it, the API validates input against it, and the flows check a
/// configuration's needs against its capabilities before running anything.
public struct ConnectorDescriptor: Sendable, Hashable {
    /// The kind this descriptor is for.
    public var kind: ConnectorKind
    /// The version of the connector (its mapping and wire handling), recorded on every message
    /// it touches so that a changed mapping can be traced.
    public var version: String
    /// The name shown to people, e.g. "WooCommerce".
    public var displayName: String
    /// The upstream API it speaks, e.g. "WooCommerce REST API v3 (wp-json/wc/v3)".
    public var protocolName: String
    /// The fields a connection needs, in form order.
    public var fields: [ConnectionField]
    /// What it can do.
    public var capabilities: Set<ConnectorCapability>
    /// The fields that together say which system is reached (a store URL; a server and its
    /// database): a customer's sandbox and production never share these values. Empty means
    /// every URL field.
    public var endpointFields: [String]

    /// Creates a descriptor.
    public init(kind: ConnectorKind, version: String, displayName: String, protocolName: String,
                fields: [ConnectionField], capabilities: Set<ConnectorCapability>, endpointFields: [String] = []) {
        self.kind = kind
        self.version = version
        self.displayName = displayName
        self.protocolName = protocolName
        self.fields = fields
        self.capabilities = capabilities
        self.endpointFields = endpointFields
    }

    /// The field with that name.
    public func field(_ name: String) -> ConnectionField? { fields.first { $0.name == name } }

    /// Whether it can do that.
    public func can(_ capability: ConnectorCapability) -> Bool { capabilities.contains(capability) }

    /// Which system a configuration reaches, as one comparable text: the kind and the endpoint
    /// fields' values, URLs reduced to scheme, host, port and path (case and a trailing slash do
    /// not make another system).
    public func endpoint(of configuration: ConnectionConfiguration) -> String {
        let names = endpointFields.isEmpty
            ? fields.filter { if case .url = $0.kind { true } else { false } }.map(\.name)
            : endpointFields
        let parts = names.map { name -> String in
            let value = (configuration[name] ?? field(name)?.defaultValue ?? "").trimmingCharacters(in: .whitespaces)
            guard case .url = field(name)?.kind, var components = URLComponents(string: value) else { return value }
            components.scheme = components.scheme?.lowercased()
            components.host = components.host?.lowercased()
            if (components.scheme == "https" && components.port == 443) || (components.scheme == "http" && components.port == 80) {
                components.port = nil
            }
            components.query = nil
            components.fragment = nil
            while components.path.hasSuffix("/") { components.path.removeLast() }
            return components.string ?? value
        }
        return ([kind.rawValue] + parts).joined(separator: " ")
    }

    /// The capabilities in a stable order, for display and documents.
    public var sortedCapabilities: [ConnectorCapability] { capabilities.sorted { $0.description < $1.description } }
}
