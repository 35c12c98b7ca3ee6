public import Foundation

/// A person who logs in, as shown to others: never the password hash.
public struct User: Sendable, Codable, Equatable {
    /// Disabled users cannot log in; their sessions and tokens stop working at once.
    public enum Status: String, Sendable, Codable, CaseIterable { case active, disabled }

    public var id: UUID
    public var partnerID: UUID
    public var email: String
    public var name: String
    public var role: Role
    /// The customer of a customer viewer.
    public var customerID: UUID?
    public var status: Status
    /// Whether a password is set (invited users set theirs through a reset link).
    public var hasPassword: Bool
    public var lastLoginAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
}

/// What inviting a user takes. The user sets a password through a one-time link.
public struct NewUser: Sendable, Equatable {
    public var email: String
    public var name: String
    public var role: Role
    public var customerID: UUID?

    public init(email: String, name: String, role: Role, customerID: UUID? = nil) {
        self.email = email
        self.name = name
        self.role = role
        self.customerID = customerID
    }
}

/// A partial update of a user; nil leaves a field alone.
public struct UserChanges: Sendable, Equatable {
    public var name: String?
    public var role: Role?
    public var status: User.Status?
    /// `.some(nil)` detaches a user from a customer (when the role changes away from viewer).
    public var customerID: UUID??

    public init(name: String? = nil, role: Role? = nil, status: User.Status? = nil, customerID: UUID?? = nil) {
        self.name = name
        self.role = role
        self.status = status
        self.customerID = customerID
    }
}
