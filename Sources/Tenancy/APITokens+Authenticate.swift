public import Foundation
public import Postgres

extension APITokens {
    /// How often `last_used_at` is written at most: a token used a thousand times a second
    /// costs one row update a minute, not a thousand.
    public static let lastUsedResolution: TimeInterval = 60

    // Round trip 1. The bearer arrives before its tenant is known, so the hash goes to the
    // security-definer lookup (Migrations/0001: api_token_owner), which reveals the token's
    // partner, customer and creator and nothing else. The same statement scopes the
    // transaction to that tenant with the three set_config calls of TenantDatabase's
    // enterScopeSQL (SET LOCAL; PostgreSQL docs §9.27.1) — one round trip instead of two.
    // With no matching token there is no row and the settings stay untouched.
    static let ownerAndScopeSQL = """
        SELECT o.partner_id, o.token_id, o.user_id, o.customer_id,
               set_config('app.partner_id', o.partner_id::text, true),
               set_config('app.customer_id', coalesce(o.customer_id::text, ''), true),
               set_config('role', CASE WHEN o.customer_id IS NULL THEN '\(TenantScope.partnerRole)'
                                         ELSE '\(TenantScope.customerRole)' END, true)
        FROM api_token_owner($1) o
        """

    // Round trip 2, under row-level security: the token again (so nothing but the lookup
    // itself bypassed RLS), its creator, their partner and customer, all by primary key.
    static let credentialSQL = """
        SELECT t.scope, t.expires_at, t.revoked_at, t.last_used_at,
               u.email, u.name, u.role, u.status, u.customer_id, p.status, c.status
        FROM api_tokens t
        JOIN users u ON u.partner_id = t.partner_id AND u.id = t.user_id
        JOIN partners p ON p.id = t.partner_id
        LEFT JOIN customers c ON c.partner_id = t.partner_id AND c.id = t.customer_id
        WHERE t.partner_id = $1 AND t.id = $2 AND t.token_hash = $3
        """

    // Round trip 3, at most once a minute per token. SKIP LOCKED: when another request of the
    // same token holds the row, it is writing the same minute already; waiting for its commit
    // would serialise a busy token's requests for nothing.
    static let touchSQL = """
        UPDATE api_tokens SET last_used_at = $3
        WHERE partner_id = $1 AND id = $2 AND id IN (
            SELECT id FROM api_tokens
            WHERE partner_id = $1 AND id = $2 AND (last_used_at IS NULL OR last_used_at <= $4)
            FOR UPDATE SKIP LOCKED)
        """

    static let clearScopeSQL = """
        SELECT set_config('app.partner_id', '', true), set_config('app.customer_id', '', true),
               set_config('role', '\(TenantScope.partnerRole)', true)
        """

    /// Authenticates an `Authorization: Bearer` token (RFC 6750 §2.1; pass the text after
    /// `Bearer `) and scopes the connection's current transaction to the token's tenant, so the
    /// endpoint's own queries can follow on the same connection in the same transaction.
    ///
    /// Round trips, besides the request's own BEGIN and COMMIT: two (owner lookup that also
    /// sets the scope; the credential read), plus a third at most once a minute per token to
    /// record `last_used_at`. A malformed token costs none.
    ///
    /// - Returns: a principal with credential `.apiToken(id, scope)`, acting as the token's
    ///   creator with the creator's current role.
    /// - Throws: `TenancyError.unauthenticated` for an unknown, revoked or expired token, a
    ///   disabled creator or one moved to another customer since, a suspended partner or
    ///   customer; the transaction is then left with no tenant scope. `PostgresError` of kind
    ///   `.invalidUsage` outside a transaction.
    public static func authenticate(bearer: String, now: Date, on connection: PostgresConnection) throws -> Principal {
        guard connection.isInTransaction else {
            throw PostgresError(.invalidUsage, "authenticate scopes the current transaction; call it inside one")
        }
        guard APITokenFormat.isWellFormed(bearer) else { throw TenancyError.unauthenticated }
        let hash = APITokenFormat.hash(bearer)
        let owners = try connection.query(PostgresQuery(unsafeSQL: ownerAndScopeSQL, binds: [hash]))
        guard owners.count == 1 else {
            if !owners.isEmpty { try clearScope(on: connection) }
            throw TenancyError.unauthenticated
        }
        let (partnerID, tokenID, userID, customerID, _, _, _) = try owners[0].decode(
            (UUID, UUID, UUID, UUID?, String, String, String).self)
        do {
            guard let row = try connection.query(PostgresQuery(unsafeSQL: credentialSQL, binds: [
                partnerID, tokenID, hash,
            ])).first else { throw TenancyError.unauthenticated }
            let (scope, expiresAt, revokedAt, lastUsedAt, email, name, role, userStatus, userCustomerID, partnerStatus,
                 customerStatus) = try row.decode(
                (String, Date?, Date?, Date?, String, String, String, String, UUID?, String, String?).self)
            let expired = expiresAt.map { now >= $0 } ?? false
            // A creator moved to or between customers since (a role change) would otherwise
            // act with the token's old, wider tenant: the token is bound to where it was made.
            let usable = revokedAt == nil && !expired && userCustomerID == customerID
                && userStatus == User.Status.active.rawValue && partnerStatus == Partner.Status.active.rawValue
                && (customerStatus ?? Customer.Status.active.rawValue) == Customer.Status.active.rawValue
            guard usable, let tokenScope = TokenScope(rawValue: scope), let userRole = Role(rawValue: role) else {
                throw TenancyError.unauthenticated
            }
            if lastUsedAt.map({ now.timeIntervalSince($0) >= lastUsedResolution }) ?? true {
                _ = try connection.execute(PostgresQuery(unsafeSQL: touchSQL, binds: [
                    partnerID, tokenID, now, now.addingTimeInterval(-lastUsedResolution),
                ]))
            }
            return Principal(userID: userID, partnerID: partnerID, customerID: customerID, role: userRole,
                             email: email, name: name, credential: .apiToken(id: tokenID, scope: tokenScope))
        } catch {
            // A refused token must not leave its tenant's scope behind for whatever the caller
            // does next in this transaction (an error page, say).
            try? clearScope(on: connection)
            throw error
        }
    }

    private static func clearScope(on connection: PostgresConnection) throws {
        _ = try connection.query(PostgresQuery(unsafeSQL: clearScopeSQL))
    }
}
