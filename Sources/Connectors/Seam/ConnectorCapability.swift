/// One thing a connector can do. A descriptor lists its capabilities as data, so the portal can
/// show them and the flows can refuse a configuration that asks a system for what it cannot do
/// before any message runs (STYLE.md habit 10).
public enum ConnectorCapability: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Call the system with the given configuration and report what it answered.
    case testConnection
    /// Read the records of a resource changed since a cursor, page by page.
    case readChanges(ConnectorResource)
    /// Read one record of a resource by its id in that system (or SKU / our reference).
    case readOne(ConnectorResource)
    /// Create or update records of a resource idempotently, keyed by external id, SKU or our
    /// reference, so a retry never creates a second record.
    case upsert(ConnectorResource)
    /// Verify and parse the system's webhook deliveries.
    case webhooks
    /// Deliver canonical events to the system (outbound webhook).
    case deliverEvents
    /// Take the files of records a system drops (file drop: item master, stock), each handed
    /// over whole and acknowledged as processed or failed by the flow once it stored the outcome.
    case takeFiles(ConnectorResource)

    /// A stable label, e.g. `read-changes:order`.
    public var description: String {
        switch self {
        case .testConnection: return "test-connection"
        case .readChanges(let resource): return "read-changes:\(resource)"
        case .readOne(let resource): return "read-one:\(resource)"
        case .upsert(let resource): return "upsert:\(resource)"
        case .webhooks: return "webhooks"
        case .deliverEvents: return "deliver-events"
        case .takeFiles(let resource): return "take-files:\(resource)"
        }
    }
}
