public import Foundation

/// A partner's retail customer.
public struct Customer: Sendable, Codable, Equatable {
    /// Suspended customers' flows stop and their viewers cannot log in.
    public enum Status: String, Sendable, Codable, CaseIterable { case active, suspended }

    public var id: UUID
    public var partnerID: UUID
    public var name: String
    /// The partner's tier for this customer (`bronze`, `silver`, `gold`, or the partner's own).
    public var tierCode: String
    public var status: Status
    /// The partner's own reference (an ERP account number, say).
    public var externalReference: String?
    public var createdAt: Date
    public var updatedAt: Date
}

/// What creating a customer takes.
public struct NewCustomer: Sendable, Equatable {
    public var name: String
    public var tierCode: String
    public var externalReference: String?

    public init(name: String, tierCode: String = "bronze", externalReference: String? = nil) {
        self.name = name
        self.tierCode = tierCode
        self.externalReference = externalReference
    }
}

/// A partial update of a customer; nil leaves a field alone.
public struct CustomerChanges: Sendable, Equatable {
    public var name: String?
    public var tierCode: String?
    public var status: Customer.Status?
    /// `.some(nil)` clears the reference.
    public var externalReference: String??

    public init(name: String? = nil, tierCode: String? = nil, status: Customer.Status? = nil,
                externalReference: String?? = nil) {
        self.name = name
        self.tierCode = tierCode
        self.status = status
        self.externalReference = externalReference
    }
}
