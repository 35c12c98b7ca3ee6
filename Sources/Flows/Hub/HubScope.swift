public import Foundation
import Postgres
public import Tenancy

/// Whose hub: one customer's environment. Sandbox and production each have a hub of their own
/// (DESIGN.md "Tenancy": sandbox traffic never reaches production), so every read and write
/// names both the customer and the environment's kind, and Migrations/0008 keys every row by them.
public struct HubScope: Sendable, Hashable, CustomStringConvertible {
    /// The partner.
    public var partnerID: UUID
    /// The customer.
    public var customerID: UUID
    /// Sandbox or production.
    public var environment: Environment.Kind

    /// The hub of `customerID`'s `environment`.
    public init(partnerID: UUID, customerID: UUID, environment: Environment.Kind) {
        self.partnerID = partnerID
        self.customerID = customerID
        self.environment = environment
    }

    /// The hub a connection publishes into: its own customer's, in its own environment.
    public init(of connection: Connection) {
        self.init(partnerID: connection.partnerID, customerID: connection.customerID, environment: connection.environmentKind)
    }

    /// The first three parameters of every hub statement, in their order.
    var binds: [any PostgresEncodable] { [partnerID, customerID, environment.rawValue] }

    /// `customer … production`.
    public var description: String { "customer \(customerID.uuidString.lowercased()) \(environment.rawValue)" }
}
