public import Foundation
public import Postgres

/// Reading, inviting and changing users. Passwords are set through `PasswordResets` and
/// checked by `PasswordLogin`; this type never reads or returns a password hash.
public enum Users {
    static let columns = """
        id, partner_id, email, name, role, customer_id, status, password_hash IS NOT NULL AS has_password,
        last_login_at, created_at, updated_at
        """
    static let listSQL = """
        SELECT \(columns) FROM users
        WHERE partner_id = $1 AND ($2::uuid IS NULL OR id > $2) AND ($3::uuid IS NULL OR customer_id = $3)
        ORDER BY id LIMIT $4
        """
    static let getSQL = "SELECT \(columns) FROM users WHERE partner_id = $1 AND id = $2"
    static let emailSQL = "SELECT \(columns) FROM users WHERE partner_id = $1 AND email = $2"
    static let insertSQL = """
        INSERT INTO users (partner_id, email, name, role, customer_id) VALUES ($1, $2, $3, $4, $5) RETURNING \(columns)
        """
    static let updateSQL = """
        UPDATE users SET name = $3, role = $4, status = $5, customer_id = $6 WHERE partner_id = $1 AND id = $2
        RETURNING \(columns)
        """
    static let conflicts = [
        "users_partner_id_email_key": FieldProblem(field: "email", message: "already belongs to a user of this partner"),
    ]

    /// Users of `partnerID` in id order after `cursor`; only those of `customerID` when given.
    public static func list(in partnerID: UUID, customer customerID: UUID? = nil, after cursor: UUID?, limit: Int,
                            on connection: PostgresConnection) throws -> [User] {
        try connection.query(PostgresQuery(unsafeSQL: listSQL, binds: [partnerID, cursor, customerID, limit])).map(decode)
    }

    /// One user of `partnerID`; `notFound` when not visible.
    public static func get(_ id: UUID, in partnerID: UUID, on connection: PostgresConnection) throws -> User {
        guard let row = try connection.query(PostgresQuery(unsafeSQL: getSQL, binds: [partnerID, id])).first else {
            throw TenancyError.notFound("user")
        }
        return try decode(row)
    }

    /// The user of `partnerID` with `email` (compared in lower case); `notFound` when none.
    public static func find(email: String, in partnerID: UUID, on connection: PostgresConnection) throws -> User {
        let normalized = email.trimmingWhitespace.lowercased()
        guard let row = try connection.query(PostgresQuery(unsafeSQL: emailSQL, binds: [partnerID, normalized])).first else {
            throw TenancyError.notFound("user")
        }
        return try decode(row)
    }

    /// Invites a user into `partnerID` (the caller's own partner, or — for a platform admin in
    /// the platform scope — a partner's first admin). The user has no password until they use
    /// a reset link.
    public static func create(_ new: NewUser, in partnerID: UUID, by caller: Caller,
                              on connection: PostgresConnection) throws -> User {
        let email = new.email.trimmingWhitespace.lowercased()
        try InputRules.check(InputRules.email(email), InputRules.name(new.name))
        try checkRole(new.role, customerID: new.customerID, in: partnerID, by: caller.principal)
        if let customerID = new.customerID {
            try requireCustomer(customerID, for: Principal.acting(in: partnerID, as: caller.principal), on: connection)
        }
        let user = try translatingConflicts(conflicts, on: connection) { connection in
            try decode(connection.query(PostgresQuery(unsafeSQL: insertSQL, binds: [
                partnerID, email, new.name.trimmingWhitespace, new.role.rawValue, new.customerID,
            ])).single())
        }
        try AuditLog.record(AuditChange(action: "user.create", partnerID: partnerID, customerID: user.customerID,
                                        targetType: "user", targetID: user.id.uuidString, after: user),
                            by: caller, on: connection)
        return user
    }

    /// Applies `changes` to a user of the caller's partner. Nobody changes their own role or
    /// disables themselves: an admin cannot lock the last admin out by accident.
    public static func update(_ id: UUID, _ changes: UserChanges, by caller: Caller,
                              on connection: PostgresConnection) throws -> User {
        let principal = caller.principal
        try InputRules.check(changes.name.flatMap { InputRules.name($0) })
        let before = try get(id, in: principal.partnerID, on: connection)
        let role = changes.role ?? before.role
        let customerID = changes.customerID ?? before.customerID
        if id == principal.userID, role != before.role {
            throw TenancyError.invalid("role", "you cannot change your own role")
        }
        if id == principal.userID, changes.status == .disabled {
            throw TenancyError.invalid("status", "you cannot disable yourself")
        }
        if role != before.role || customerID != before.customerID {
            try checkRole(role, customerID: customerID, in: principal.partnerID, by: principal)
            if !principal.role.assignableRoles.contains(before.role), principal.credential != .system {
                throw TenancyError.invalid("role", "you may not change a user whose role is \(before.role.rawValue)")
            }
        }
        if let customerID, customerID != before.customerID {
            try requireCustomer(customerID, for: principal, on: connection)
        }
        let after = try decode(connection.query(PostgresQuery(unsafeSQL: updateSQL, binds: [
            principal.partnerID, id, changes.name?.trimmingWhitespace ?? before.name, role.rawValue,
            (changes.status ?? before.status).rawValue, customerID,
        ])).single())
        let action = after.status != before.status
            ? (after.status == .disabled ? "user.disable" : "user.enable")
            : (after.role != before.role ? "user.change_role" : "user.update")
        try AuditLog.record(AuditChange(action: action, partnerID: after.partnerID, customerID: after.customerID,
                                        targetType: "user", targetID: id.uuidString, before: before, after: after),
                            by: caller, on: connection)
        return after
    }

    /// A customer named in the input must be one of the partner's: a field problem (422), not a
    /// missing resource (404), because the request's own path exists.
    static func requireCustomer(_ customerID: UUID, for principal: Principal, on connection: PostgresConnection) throws {
        do {
            _ = try Customers.get(customerID, for: principal, on: connection)
        } catch TenancyError.notFound {
            throw TenancyError.invalid("customer_id", "is not a customer of this partner")
        }
    }

    /// Whether `principal` may give `role` to a user of `partnerID`, and whether the customer
    /// link fits the role.
    static func checkRole(_ role: Role, customerID: UUID?, in partnerID: UUID, by principal: Principal) throws(TenancyError) {
        let crossesPartners = partnerID != principal.partnerID
        let allowed: Bool = if principal.credential == .system {
            crossesPartners ? !role.isPlatformRole : true
        } else if crossesPartners {
            principal.role == .platformAdmin && role == .partnerAdmin
        } else {
            principal.role.assignableRoles.contains(role)
        }
        guard allowed else { throw .invalid("role", "you may not give the role \(role.rawValue) here") }
        if role.isCustomerScoped, customerID == nil {
            throw .invalid("customer_id", "is required for the role \(role.rawValue)")
        }
        if !role.isCustomerScoped, customerID != nil {
            throw .invalid("customer_id", "must be empty for the role \(role.rawValue)")
        }
    }

    static func decode(_ row: PostgresRow) throws -> User {
        let (id, partnerID, email, name, role, customerID, status, hasPassword, lastLoginAt, createdAt, updatedAt) =
            try row.decode((UUID, UUID, String, String, String, UUID?, String, Bool, Date?, Date, Date).self)
        return User(id: id, partnerID: partnerID, email: email, name: name, role: Role(rawValue: role) ?? .customerViewer,
                    customerID: customerID, status: User.Status(rawValue: status) ?? .disabled, hasPassword: hasPassword,
                    lastLoginAt: lastLoginAt, createdAt: createdAt, updatedAt: updatedAt)
    }
}

extension Principal {
    /// The principal as seen inside `partnerID`: itself when that is its own partner, else a
    /// partner-wide view used by the platform path to check that partner's rows.
    static func acting(in partnerID: UUID, as principal: Principal) -> Principal {
        guard partnerID != principal.partnerID else { return principal }
        var acting = principal
        acting.partnerID = partnerID
        acting.customerID = nil
        return acting
    }
}
