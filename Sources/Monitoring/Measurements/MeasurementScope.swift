public import Foundation

/// Whose messages a measurement reads: one customer's, in one kind of environment (the SLA is
/// about production; a sandbox is measured for its own pages), optionally one flow.
public struct MeasurementScope: Sendable, Hashable {
    /// The customer's partner.
    public var partnerID: UUID
    /// The customer.
    public var customerID: UUID
    /// `production` or `sandbox`.
    public var environmentKind: String
    /// One flow (`order-to-erp`), or every flow when nil.
    public var flow: String?

    /// A customer's production messages, of every flow unless one is named.
    public init(partnerID: UUID, customerID: UUID, environmentKind: String = "production", flow: String? = nil) {
        self.partnerID = partnerID
        self.customerID = customerID
        self.environmentKind = environmentKind
        self.flow = flow
    }
}
