public import Foundation

/// Who is calling: a user through a portal session or an API token, or the system itself (the
/// command line). Authorization asks `may(_:)`; isolation uses `scope`.
public struct Principal: Sendable, Equatable {
    /// How the caller proved who they are.
    public enum Credential: Sendable, Equatable {
        /// A portal session (the session's row id, not its secret).
        case session(id: UUID)
        /// An API token (its row id) and its scope.
        case apiToken(id: UUID, scope: TokenScope)
        /// The operator at the command line; no person is logged in.
        case system
    }

    /// The user; nil for `system`.
    public var userID: UUID?
    /// The user's partner (the platform partner for platform admins).
    public var partnerID: UUID
    /// The customer a customer viewer belongs to.
    public var customerID: UUID?
    /// The user's role; `system` acts as a platform admin.
    public var role: Role
    /// The user's e-mail (for the audit log and the page header).
    public var email: String
    /// The user's display name.
    public var name: String
    /// How they authenticated.
    public var credential: Credential

    public init(userID: UUID?, partnerID: UUID, customerID: UUID?, role: Role, email: String, name: String,
                credential: Credential) {
        self.userID = userID
        self.partnerID = partnerID
        self.customerID = customerID
        self.role = role
        self.email = email
        self.name = name
        self.credential = credential
    }

    /// The operator at the command line, acting inside the platform partner.
    package static func system(platformPartnerID: UUID) -> Principal {
        Principal(userID: nil, partnerID: platformPartnerID, customerID: nil, role: .platformAdmin,
                  email: "system", name: "Counterpart command line", credential: .system)
    }

    /// Whether the caller may do `permission`: their role must allow it and, for API tokens,
    /// the token's scope must reach it.
    public func may(_ permission: Permission) -> Bool {
        guard role.permissions.contains(permission) else { return false }
        if case .apiToken(_, let scope) = credential { return scope >= permission.requiredScope }
        return true
    }

    /// Throws `TenancyError.forbidden` unless `may(permission)`.
    public func require(_ permission: Permission) throws(TenancyError) {
        guard may(permission) else { throw .forbidden(permission) }
    }

    /// The rows this caller sees: their customer's for customer viewers, their partner's else.
    public var scope: TenantScope {
        if let customerID { return .customer(customerID, of: partnerID) }
        return .partner(partnerID)
    }

    /// The API token's id, when the caller used one.
    public var apiTokenID: UUID? {
        if case .apiToken(let id, _) = credential { return id }
        return nil
    }
}
