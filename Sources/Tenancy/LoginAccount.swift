import Foundation
import Postgres

/// A user as log-in sees them: the password hash and everything that may forbid a log-in
/// (the user's, the partner's and the customer's status). Internal on purpose: the hash never
/// leaves Tenancy, and `User` — the public view — has no field for it.
struct LoginAccount {
    let userID: UUID
    let partnerID: UUID
    let customerID: UUID?
    let role: Role
    let email: String
    let name: String
    let isUserActive: Bool
    /// PasswordHasher's PHC string; nil for invited users who have not set a password yet.
    let passwordHash: String?
    let isPartnerActive: Bool
    /// True for users without a customer.
    let isCustomerActive: Bool

    /// Whether nothing but the password stands between this account and a session: a
    /// disabled user, a suspended partner or a suspended customer is refused (User.Status,
    /// Partner.Status, Customer.Status).
    var mayLogIn: Bool { isUserActive && isPartnerActive && isCustomerActive }

    /// The principal of a session of this account.
    func principal(sessionID: UUID) -> Principal {
        Principal(userID: userID, partnerID: partnerID, customerID: customerID, role: role, email: email, name: name,
                  credential: .session(id: sessionID))
    }

    /// The select list and joins shared by every statement that reads an account (ten columns).
    static let columns = """
        u.id, u.partner_id, u.customer_id, u.role, u.email, u.name, u.status, u.password_hash, p.status, c.status
        """
    static let joins = """
        JOIN partners p ON p.id = u.partner_id
        LEFT JOIN customers c ON c.partner_id = u.partner_id AND c.id = u.customer_id
        """
    static let byEmailSQL = "SELECT \(columns) FROM users u \(joins) WHERE u.partner_id = $1 AND u.email = $2"
    static let byIDSQL = "SELECT \(columns) FROM users u \(joins) WHERE u.partner_id = $1 AND u.id = $2"

    /// The account with `email` (already normalised) in `partnerID`, if any.
    static func find(email: String, in partnerID: UUID, on connection: PostgresConnection) throws -> LoginAccount? {
        try connection.query(PostgresQuery(unsafeSQL: byEmailSQL, binds: [partnerID, email])).first
            .map { try decode($0) }
    }

    /// The account with `id` in `partnerID`, if any.
    static func find(id: UUID, in partnerID: UUID, on connection: PostgresConnection) throws -> LoginAccount? {
        try connection.query(PostgresQuery(unsafeSQL: byIDSQL, binds: [partnerID, id])).first.map { try decode($0) }
    }

    /// Reads `columns` from `row`, starting at column `offset`.
    static func decode(_ row: PostgresRow, from offset: Int = 0) throws -> LoginAccount {
        func column<Value: PostgresDecodable>(_ index: Int, _ type: Value.Type) throws -> Value {
            try row.decode(type, at: offset + index)
        }
        return LoginAccount(
            userID: try column(0, UUID.self), partnerID: try column(1, UUID.self),
            customerID: try column(2, UUID?.self),
            role: Role(rawValue: try column(3, String.self)) ?? .customerViewer,
            email: try column(4, String.self), name: try column(5, String.self),
            isUserActive: try column(6, String.self) == User.Status.active.rawValue,
            passwordHash: try column(7, String?.self),
            isPartnerActive: try column(8, String.self) == Partner.Status.active.rawValue,
            isCustomerActive: try column(9, String?.self).map { $0 == Customer.Status.active.rawValue } ?? true)
    }
}

extension String {
    /// An e-mail address as stored in `users.email`: trimmed and lower-cased (Users.create
    /// stores it so), so log-in and resets find the account however it was typed.
    var normalisedEmail: String { trimmingWhitespace.lowercased() }
}
