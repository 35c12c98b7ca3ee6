public import Postgres

/// The tenant-aware face of the database: every transaction starts by telling PostgreSQL whose
/// rows it may see, so row-level security enforces isolation even if a query forgets a
/// `WHERE partner_id = …`.
public struct TenantDatabase: Sendable {
    /// The pool, connected as the application role (subject to row-level security).
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    // set_config(…, true) is SET LOCAL with parameters (PostgreSQL docs §9.27.1): the values —
    // the role included — vanish at COMMIT or ROLLBACK, so a pooled connection never carries
    // one request's tenant into the next.
    static let enterScopeSQL = """
        SELECT set_config('app.partner_id', $1, true), set_config('app.customer_id', $2, true),
               set_config('role', $3, true)
        """

    /// Runs `body` in a transaction scoped to `scope`: COMMIT if it returns, ROLLBACK if it
    /// throws.
    public func transaction<Result>(_ scope: TenantScope, readOnly: Bool = false,
                                    _ body: (PostgresConnection) throws -> Result) throws -> Result {
        try pool.transaction(readOnly: readOnly) { connection in
            try connection.enter(scope)
            return try body(connection)
        }
    }
}

extension TenantScope {
    /// The role a transaction in this scope takes (Migrations/0001): each has one policy per
    /// table. `none` is the session's own role, `counterpart_app`, whose policies are the
    /// partner's.
    package var databaseRole: String {
        if isPlatformWide { return Self.platformRole }
        if customerID != nil { return Self.customerRole }
        return Self.partnerRole
    }

    /// The role names of Migrations/0001, in one place for every statement that sets them.
    package static let partnerRole = "none"
    package static let customerRole = "counterpart_viewer"
    package static let platformRole = "counterpart_platform"
}

extension PostgresConnection {
    /// Scopes the current transaction to `scope`. Throws outside a transaction.
    public func enter(_ scope: TenantScope) throws {
        guard isInTransaction else {
            throw PostgresError(.invalidUsage, "a tenant scope set outside a transaction would leak into the next request")
        }
        _ = try query(PostgresQuery(unsafeSQL: TenantDatabase.enterScopeSQL, binds: [
            scope.partnerID?.uuidString ?? "",
            scope.customerID?.uuidString ?? "",
            scope.databaseRole,
        ]))
    }
}
