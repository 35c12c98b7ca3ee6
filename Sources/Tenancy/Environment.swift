public import Foundation

/// A customer's `sandbox` or `production` environment (DESIGN.md "Tenancy"): sandbox traffic
/// never reaches production connections.
public struct Environment: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case sandbox, production }

    public var id: UUID
    public var partnerID: UUID
    public var customerID: UUID
    public var kind: Kind
    public var createdAt: Date
}
