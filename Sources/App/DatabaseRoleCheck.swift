import Postgres

/// Refuses to serve as a database role that row-level security does not apply to. PostgreSQL
/// skips policies for superusers, for roles with BYPASSRLS and for a table's owner (docs §5.8,
/// "Row Security Policies"), and applies a role's policies to every role that inherits it;
/// serving as any of those would turn tenant isolation off silently.
enum DatabaseRoleCheck {
    // pg_has_role(…, 'USAGE') is "has the privileges of" (inherits); 'MEMBER' is "may SET ROLE".
    static let sql = """
        SELECT r.rolsuper, r.rolbypassrls,
               coalesce(pg_has_role(current_user, c.relowner, 'MEMBER'), false) AS owns_tenancy,
               EXISTS (SELECT 1 FROM pg_roles s WHERE s.rolname IN ('counterpart_viewer', 'counterpart_platform')
                       AND pg_has_role(current_user, s.oid, 'USAGE')) AS inherits_scope_roles
        FROM pg_roles r
        LEFT JOIN pg_class c ON c.oid = to_regclass('partners')
        WHERE r.rolname = current_user
        """

    /// Throws a `ConfigurationError` naming `DATABASE_URL` when the pool's role is exempt from
    /// row-level security.
    static func verify(_ pool: PostgresPool) throws {
        let (superuser, bypassesRLS, ownsTenancy, inheritsScopeRoles) = try pool.query(PostgresQuery(unsafeSQL: sql)).single()
            .decode((Bool, Bool, Bool, Bool).self)
        let reason: String? = if superuser {
            "a superuser"
        } else if bypassesRLS {
            "a role with BYPASSRLS"
        } else if ownsTenancy {
            "the owner of the tenant tables"
        } else if inheritsScopeRoles {
            // It would carry counterpart_platform's every-row policy into every transaction.
            "a role that inherits counterpart_viewer or counterpart_platform (make it NOINHERIT)"
        } else {
            nil
        }
        if let reason {
            throw ConfigurationError(
                variable: "DATABASE_URL", value: nil,
                expected: "a role subject to row-level security, not \(reason) (connect as counterpart_app; "
                    + "migrations use DATABASE_OWNER_URL)", isSet: true)
        }
    }
}
