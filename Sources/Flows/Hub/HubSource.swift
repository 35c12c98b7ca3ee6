public import Commerce
public import Foundation

/// Who publishes a change into the hub: the system (for ownership) and the connection it came
/// through (for provenance and cross-references). The hub checks on every write that the
/// connection is one of the scope's own, of that system, so a sandbox connection can never write
/// into the production hub nor pose as another system.
public struct HubSource: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The system, e.g. `tryton-erp`.
    public var system: SystemKind
    /// The connection the change came through.
    public var connectionID: UUID

    /// A change from `system` through `connectionID`.
    public init(system: SystemKind, connectionID: UUID) {
        self.system = system
        self.connectionID = connectionID
    }

    /// A change through `connection`, from the system its connector reaches.
    public init(_ connection: Connection) {
        self.init(system: connection.kind.system, connectionID: connection.id)
    }

    /// `tryton-erp via 0190…`.
    public var description: String { "\(system.rawValue) via connection \(connectionID.uuidString.lowercased())" }
}
