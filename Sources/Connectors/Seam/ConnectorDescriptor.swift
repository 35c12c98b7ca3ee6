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

    /// Creates a descriptor.
    public init(kind: ConnectorKind, version: String, displayName: String, protocolName: String,
                fields: [ConnectionField], capabilities: Set<ConnectorCapability>) {
        self.kind = kind
        self.version = version
        self.displayName = displayName
        self.protocolName = protocolName
        self.fields = fields
        self.capabilities = capabilities
    }

    /// The field with that name.
    public func field(_ name: String) -> ConnectionField? { fields.first { $0.name == name } }

    /// Whether it can do that.
    public func can(_ capability: ConnectorCapability) -> Bool { capabilities.contains(capability) }

    /// The capabilities in a stable order, for display and documents.
    public var sortedCapabilities: [ConnectorCapability] { capabilities.sorted { $0.description < $1.description } }
}
