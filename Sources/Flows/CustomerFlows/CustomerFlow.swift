public import Foundation
public import Tenancy

/// One flow template switched on for one of a customer's environments (Migrations/0011):
/// between which of that environment's connections, with which options, running or paused.
public struct CustomerFlow: Sendable, Equatable, Encodable {
    /// The id.
    public var id: UUID
    /// The partner.
    public var partnerID: UUID
    /// The customer.
    public var customerID: UUID
    /// The environment it runs in.
    public var environmentID: UUID
    /// Sandbox or production.
    public var environmentKind: Tenancy.Environment.Kind
    /// The template.
    public var flow: FlowKind
    /// Running or paused (with the reason people see).
    public var status: Connection.Status
    /// Why it is paused.
    public var pausedReason: String?
    /// The connection it reads from.
    public var sourceConnectionID: UUID?
    /// The connection it writes to.
    public var targetConnectionID: UUID?
    /// The template's options (safety stock, price tolerance, schedule …) by name.
    public var options: [String: String]

    enum CodingKeys: String, CodingKey {
        case id, partnerID = "partner_id", customerID = "customer_id", environmentID = "environment_id"
        case environmentKind = "environment", flow, status, pausedReason = "paused_reason"
        case sourceConnectionID = "source_connection_id", targetConnectionID = "target_connection_id", options
    }
}

/// What to switch on: a template in an environment, its connections and options.
public struct FlowConfiguration: Sendable {
    /// The environment (of the customer named on the call).
    public var environmentID: UUID
    /// The template.
    public var flow: FlowKind
    /// The connection it reads from.
    public var sourceConnectionID: UUID?
    /// The connection it writes to.
    public var targetConnectionID: UUID?
    /// Options by name.
    public var options: [String: String]

    /// Creates a configuration.
    public init(environmentID: UUID, flow: FlowKind, sourceConnectionID: UUID?, targetConnectionID: UUID?,
                options: [String: String] = [:]) {
        self.environmentID = environmentID
        self.flow = flow
        self.sourceConnectionID = sourceConnectionID
        self.targetConnectionID = targetConnectionID
        self.options = options
    }
}
