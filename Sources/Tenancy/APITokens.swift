public import Foundation
public import Postgres

/// Creating, listing and revoking API tokens (issue 3 §5). A token is created by a user, acts
/// as that user within their tenant (partner, and customer for customer viewers), and is
/// limited further by its scope. `authenticate` (APITokens+Authenticate.swift) turns a bearer
/// token back into a `Principal`.
public enum APITokens {
    /// Lifetime of a token created without an expiry.
    public static let defaultLifetime: TimeInterval = 90 * 24 * 60 * 60
    /// The longest lifetime a token may be given: a forgotten token stops working within a year.
    public static let maximumLifetime: TimeInterval = 366 * 24 * 60 * 60
    /// The longest token name (the schema's CHECK).
    static let maximumNameLength = 100

    static let columns = """
        id, name, display_prefix, scope, user_id, customer_id, created_at, expires_at, last_used_at, revoked_at
        """
    static let insertSQL = """
        INSERT INTO api_tokens (partner_id, user_id, customer_id, name, display_prefix, token_hash, scope, expires_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING \(columns)
        """
    static let listSQL = """
        SELECT \(columns) FROM api_tokens
        WHERE partner_id = $1 AND ($2::uuid IS NULL OR user_id = $2) AND ($3::uuid IS NULL OR id > $3)
        ORDER BY id LIMIT $4
        """
    static let getSQL = "SELECT \(columns) FROM api_tokens WHERE partner_id = $1 AND id = $2"
    static let revokeSQL = """
        UPDATE api_tokens SET revoked_at = $3 WHERE partner_id = $1 AND id = $2 AND revoked_at IS NULL
        RETURNING \(columns)
        """

    /// Creates a token for the calling user and returns its plaintext, the one time it exists.
    ///
    /// - Parameters:
    ///   - scope: at most `TokenScope.widest(for:)` the caller's role.
    ///   - expiresAt: after `now` and at most `maximumLifetime` ahead; nil means
    ///     `defaultLifetime` from `now`.
    /// - Throws: `TenancyError.forbidden(.tokensOwn)` when the caller may not own tokens (or is
    ///   the command line, which is nobody); `.invalid` naming `name`, `scope`, `expires_at`.
    public static func create(name: String, scope: TokenScope, expiresAt: Date?, by caller: Caller, now: Date,
                              on connection: PostgresConnection) throws -> IssuedAPIToken {
        let principal = caller.principal
        try principal.require(.tokensOwn)
        guard let userID = principal.userID else { throw TenancyError.forbidden(.tokensOwn) }
        let expiry = expiresAt ?? now.addingTimeInterval(defaultLifetime)
        try InputRules.check(nameProblem(name), scopeProblem(scope, for: principal), expiryProblem(expiry, now: now))

        let plaintext = APITokenFormat.generate()
        let token = try decode(connection.query(PostgresQuery(unsafeSQL: insertSQL, binds: [
            principal.partnerID, userID, principal.customerID, name.trimmingWhitespace,
            APITokenFormat.displayPrefix(of: plaintext), APITokenFormat.hash(plaintext), scope.rawValue, expiry,
        ])).single())
        try AuditLog.record(AuditChange(action: "api_token.create", partnerID: principal.partnerID,
                                        customerID: token.customerID, targetType: "api_token",
                                        targetID: token.id.uuidString, after: token),
                            by: caller, on: connection)
        return IssuedAPIToken(plaintext: plaintext, token: token)
    }

    /// The caller's own tokens, or with `all` every token of the partner (which needs
    /// `tokens:all`), in creation order after `cursor`. Revoked and expired tokens are
    /// included, so a list explains why a script stopped working.
    public static func list(for principal: Principal, all: Bool, after cursor: UUID?, limit: Int,
                            on connection: PostgresConnection) throws -> [APIToken] {
        try principal.require(all ? .tokensAll : .tokensOwn)
        let owner: UUID? = all ? nil : principal.userID
        if !all, owner == nil { return [] }
        return try connection.query(PostgresQuery(unsafeSQL: listSQL, binds: [
            principal.partnerID, owner, cursor, limit,
        ])).map(decode)
    }

    /// One token of the caller's partner; `notFound` when not visible.
    public static func get(_ id: UUID, for principal: Principal, on connection: PostgresConnection) throws -> APIToken {
        guard let row = try connection.query(PostgresQuery(unsafeSQL: getSQL, binds: [principal.partnerID, id])).first else {
            throw TenancyError.notFound("api token")
        }
        return try decode(row)
    }

    /// Revokes a token: the caller's own with `tokens:own`, anyone's in the partner with
    /// `tokens:all`. Revoking a revoked token changes nothing and returns it as it is.
    public static func revoke(_ id: UUID, by caller: Caller, now: Date,
                              on connection: PostgresConnection) throws -> APIToken {
        let principal = caller.principal
        let before = try get(id, for: principal, on: connection)
        try principal.require(before.userID == principal.userID ? .tokensOwn : .tokensAll)
        guard let row = try connection.query(PostgresQuery(unsafeSQL: revokeSQL, binds: [
            principal.partnerID, id, now,
        ])).first else {
            return before
        }
        let after = try decode(row)
        try AuditLog.record(AuditChange(action: "api_token.revoke", partnerID: principal.partnerID,
                                        customerID: after.customerID, targetType: "api_token",
                                        targetID: id.uuidString, before: before, after: after),
                            by: caller, on: connection)
        return after
    }

    static func nameProblem(_ name: String) -> FieldProblem? {
        if let problem = InputRules.name(name) { return problem }
        if name.trimmingWhitespace.count > maximumNameLength {
            return FieldProblem(field: "name", message: "must be at most \(maximumNameLength) characters")
        }
        return nil
    }

    /// A token never does more than its creator's role could give it (TokenScope.widest).
    static func scopeProblem(_ scope: TokenScope, for principal: Principal) -> FieldProblem? {
        var ceiling = TokenScope.widest(for: principal.role)
        // A token creating a token passes on no more than it has itself.
        if case .apiToken(_, let callerScope) = principal.credential { ceiling = min(ceiling, callerScope) }
        guard scope > ceiling else { return nil }
        return FieldProblem(field: "scope", message: "may be at most \(ceiling.rawValue) for you")
    }

    static func expiryProblem(_ expiry: Date, now: Date) -> FieldProblem? {
        if expiry <= now { return FieldProblem(field: "expires_at", message: "must be in the future") }
        if expiry > now.addingTimeInterval(maximumLifetime) {
            return FieldProblem(field: "expires_at", message: "must be at most 366 days ahead")
        }
        return nil
    }

    static func decode(_ row: PostgresRow) throws -> APIToken {
        let (id, name, displayPrefix, scope, userID, customerID, createdAt, expiresAt, lastUsedAt, revokedAt) =
            try row.decode((UUID, String, String, String, UUID, UUID?, Date, Date?, Date?, Date?).self)
        return APIToken(id: id, name: name, displayPrefix: displayPrefix, scope: TokenScope(rawValue: scope) ?? .read,
                        userID: userID, customerID: customerID, createdAt: createdAt, expiresAt: expiresAt,
                        lastUsedAt: lastUsedAt, revokedAt: revokedAt)
    }
}
