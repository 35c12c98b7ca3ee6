public import Connectors
public import Foundation
import Synchronization

/// Connectors kept between jobs, one per connection configuration, so a worker does not make a
/// new one for every message: a Tryton connector logs in (three requests and a password check)
/// and then keeps its session, and reads such as the warehouses it covers, for the messages
/// after. Entries are made again after `lifetime`, so what a connector remembers is never
/// older than that; a changed configuration (new credentials) is a new key, so an edit takes
/// effect at the next job.
public final class ConnectorCache: Sendable {
    struct Key: Hashable, Sendable {
        var kind: ConnectorKind
        var configuration: ConnectionConfiguration
    }

    struct Entry: Sendable {
        var connector: any Connector
        var madeAt: Date
    }

    /// How long a connector is reused.
    public let lifetime: TimeInterval
    /// The most connectors kept; past it the cache starts afresh.
    public let capacity: Int
    private let entries = Mutex<[Key: Entry]>([:])

    /// An empty cache.
    public init(lifetime: TimeInterval = 600, capacity: Int = 256) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The connector for `configuration`, made by `catalog` unless one made within `lifetime`
    /// is kept.
    public func connector(_ kind: ConnectorKind, _ configuration: ConnectionConfiguration, from catalog: ConnectorCatalog,
                          now: Date) throws(ConnectorError) -> any Connector {
        let key = Key(kind: kind, configuration: configuration)
        if let kept = entries.withLock({ $0[key] }), now.timeIntervalSince(kept.madeAt) < lifetime {
            return kept.connector
        }
        let made = try catalog.connector(kind, configuration)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll() }
            entries[key] = Entry(connector: made, madeAt: now)
        }
        return made
    }
}
