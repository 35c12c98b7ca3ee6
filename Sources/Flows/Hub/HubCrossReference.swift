public import Commerce
public import Foundation

/// One record of ours and its id in one connection's system (Migrations/0008: `hub_xrefs`):
/// WooCommerce order 23 through the web shop's connection is our order `WEB-1001`.
public struct HubCrossReference: Sendable, Hashable, Encodable {
    /// What kind of record.
    public var entity: HubEntity
    /// Our key: an SKU, an order reference.
    public var key: String
    /// The system whose id it is.
    public var system: SystemKind
    /// The connection through which that system is reached.
    public var connectionID: UUID
    /// The id there, exact.
    public var externalID: String
    /// When the link was made.
    public var createdAt: Date

    /// A cross-reference.
    public init(entity: HubEntity, key: String, system: SystemKind, connectionID: UUID, externalID: String, createdAt: Date) {
        self.entity = entity
        self.key = key
        self.system = system
        self.connectionID = connectionID
        self.externalID = externalID
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case entity, key, system, connectionID = "connection_id", externalID = "external_id", createdAt = "created_at"
    }
}

/// What `HubCrossReferences.link` did.
public enum HubLinkOutcome: Sendable, Hashable {
    /// The link is new.
    case linked
    /// The hub already had exactly this link; nothing changed (a retry or a replay).
    case alreadyLinked
}

/// A link the hub refused because it would make a cross-reference point two ways: the id is
/// already another record's in that connection, or the record already has another id there.
/// Usually a sign that a system re-used an id or a mapping keys records wrongly — a business
/// exception for a person, never resolved by overwriting either link.
public struct HubCrossReferenceConflict: Error, Sendable, Hashable, CustomStringConvertible {
    /// The link that was asked for.
    public var requested: Link
    /// The links in the way.
    public var existing: [Link]

    /// One side of the conflict: our record and an id in one connection.
    public struct Link: Sendable, Hashable, CustomStringConvertible {
        /// What kind of record.
        public var entity: HubEntity
        /// Our key.
        public var key: String
        /// The system.
        public var system: SystemKind
        /// The connection.
        public var connectionID: UUID
        /// The id there.
        public var externalID: String

        /// `order WEB-1 = woocommerce 23`.
        public var description: String { "\(entity.rawValue) \(key) = \(system.rawValue) \(externalID)" }
    }

    /// `cannot link order WEB-2 = woocommerce 23: already order WEB-1 = woocommerce 23`.
    public var description: String {
        "cannot link \(requested): already " + existing.map(\.description).joined(separator: " and ")
            + " through connection \(requested.connectionID.uuidString.lowercased())"
    }
}
