public import Foundation
public import Postgres

/// Server-side portal sessions (Migrations/0001: `sessions`). The browser holds only a random
/// cookie (`SessionCookie`); the row holds its SHA-256, the user, and the times that end it.
///
/// Every function runs in the partner's scope (`TenantScope.partner`): the portal knows the
/// partner from the Host header before it knows the user, and the `sessions` policy hides
/// sessions from customer-scoped transactions.
public enum Sessions {
    static let columns = "id, partner_id, user_id, created_at, last_seen_at, expires_at, revoked_at, remote_address, user_agent"
    static let insertSQL = """
        INSERT INTO sessions (partner_id, user_id, token_hash, created_at, last_seen_at, expires_at, remote_address, user_agent)
        VALUES ($1, $2, $3, $4, $4, $5, $6, $7) RETURNING \(columns)
        """
    static let authenticateSQL = """
        SELECT s.id, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at, \(LoginAccount.columns)
        FROM sessions s JOIN users u ON u.partner_id = s.partner_id AND u.id = s.user_id \(LoginAccount.joins)
        WHERE s.partner_id = $1 AND s.token_hash = $2
        """
    // The condition repeats the write interval, so concurrent requests of one session write once.
    static let touchSQL = """
        UPDATE sessions SET last_seen_at = $3
        WHERE partner_id = $1 AND id = $2 AND revoked_at IS NULL AND last_seen_at <= $4
        """
    static let revokeSQL = """
        UPDATE sessions SET revoked_at = $3 WHERE partner_id = $1 AND id = $2 AND revoked_at IS NULL
        RETURNING \(columns)
        """
    static let revokeAllSQL = """
        UPDATE sessions SET revoked_at = $3
        WHERE partner_id = $1 AND user_id = $2 AND revoked_at IS NULL AND ($4::uuid IS NULL OR id <> $4)
        """
    static let listSQL = """
        SELECT \(columns) FROM sessions
        WHERE partner_id = $1 AND user_id = $2 AND revoked_at IS NULL AND expires_at > $3 ORDER BY id
        """
    // Exactly the rows `SessionPolicy.standing` can no longer call active.
    static let pruneSQL = """
        DELETE FROM sessions
        WHERE partner_id = $1 AND (revoked_at IS NOT NULL OR expires_at <= $2 OR created_at <= $3 OR last_seen_at <= $4)
        """
    static let userCustomerSQL = "SELECT customer_id FROM users WHERE partner_id = $1 AND id = $2"

    /// Starts a session for `userID` of `partnerID` and returns the cookie (shown once) with
    /// the stored row. Does not check the user: `PasswordLogin` decides who may log in.
    public static func create(for userID: UUID, in partnerID: UUID, remoteAddress: String?, userAgent: String?,
                              policy: SessionPolicy, now: Date, on connection: PostgresConnection) throws -> IssuedSession {
        let cookie = SessionCookie.generate()
        // A User-Agent is only for recognising the session in a list; cap what a client can make us store.
        let agent = userAgent.map { String($0.prefix(512)) }
        let session = try decode(connection.query(PostgresQuery(unsafeSQL: insertSQL, binds: [
            partnerID, userID, cookie.tokenHash, now, now.adding(policy.absoluteLifetime), remoteAddress, agent,
        ])).single())
        return IssuedSession(cookie: cookie, session: session)
    }

    /// The principal of the session whose cookie is `cookieValue`, or `TenancyError.unauthenticated`
    /// when there is none in `partnerID`, or it is revoked, idle- or absolutely expired, or its
    /// user is disabled, or its partner or customer suspended. All refusals look the same.
    ///
    /// Slides the idle timeout by writing `last_seen_at`, at most once per
    /// `policy.lastSeenWriteInterval`.
    public static func authenticate(cookieValue: String, in partnerID: UUID, policy: SessionPolicy, now: Date,
                                    on connection: PostgresConnection) throws -> Principal {
        guard let cookie = SessionCookie(value: cookieValue),
              let row = try connection.query(PostgresQuery(unsafeSQL: authenticateSQL,
                                                           binds: [partnerID, cookie.tokenHash])).first else {
            throw TenancyError.unauthenticated
        }
        let (sessionID, createdAt, lastSeenAt, expiresAt, revokedAt) = (
            try row.decode(UUID.self, at: 0), try row.decode(Date.self, at: 1), try row.decode(Date.self, at: 2),
            try row.decode(Date.self, at: 3), try row.decode(Date?.self, at: 4))
        let account = try LoginAccount.decode(row, from: 5)
        guard account.mayLogIn, case .active(let touch) = policy.standing(
            createdAt: createdAt, lastSeenAt: lastSeenAt, expiresAt: expiresAt, revokedAt: revokedAt, now: now) else {
            throw TenancyError.unauthenticated
        }
        if touch {
            _ = try connection.execute(PostgresQuery(unsafeSQL: touchSQL, binds: [
                partnerID, sessionID, now, now.adding(.zero - policy.lastSeenWriteInterval),
            ]))
        }
        return account.principal(sessionID: sessionID)
    }

    /// Ends one session (log-out) and records `session.revoke`. `notFound` when there is no
    /// live session with that id in `partnerID`.
    public static func revoke(_ sessionID: UUID, in partnerID: UUID, now: Date, by caller: Caller,
                              on connection: PostgresConnection) throws {
        guard let row = try connection.query(PostgresQuery(unsafeSQL: revokeSQL, binds: [partnerID, sessionID, now])).first
        else { throw TenancyError.notFound("session") }
        let session = try decode(row)
        let customerID = try userCustomer(session.userID, in: partnerID, on: connection)
        try AuditLog.record(AuditChange(action: "session.revoke", partnerID: partnerID, customerID: customerID,
                                        targetType: "session", targetID: sessionID.uuidString, after: session),
                            by: caller, on: connection)
    }

    /// Ends every live session of `userID` except `keeping` (the caller's own, when a user
    /// changes their password and stays logged in) and records `session.revoke_all` if any
    /// ended. Returns how many ended. Call it when a password changes or a user is disabled.
    @discardableResult
    public static func revokeAll(of userID: UUID, in partnerID: UUID, keeping: UUID? = nil, now: Date, by caller: Caller,
                                 on connection: PostgresConnection) throws -> Int {
        let count = try revokeAllUnaudited(of: userID, in: partnerID, keeping: keeping, now: now, on: connection)
        if count > 0 {
            let customerID = try userCustomer(userID, in: partnerID, on: connection)
            try AuditLog.record(AuditChange(action: "session.revoke_all", partnerID: partnerID, customerID: customerID,
                                            targetType: "user", targetID: userID.uuidString,
                                            after: ["revoked_sessions": count]), by: caller, on: connection)
        }
        return count
    }

    /// The live sessions of `userID`, oldest first, for a "where you are logged in" page.
    public static func list(of userID: UUID, in partnerID: UUID, now: Date,
                            on connection: PostgresConnection) throws -> [Session] {
        try connection.query(PostgresQuery(unsafeSQL: listSQL, binds: [partnerID, userID, now])).map(decode)
    }

    /// Deletes the sessions of `partnerID` that can never be used again (revoked, idle- or
    /// absolutely expired under `policy` at `now`); for a maintenance job. The audit log keeps
    /// their history. Returns how many rows went.
    @discardableResult
    public static func prune(in partnerID: UUID, policy: SessionPolicy, now: Date, on connection: PostgresConnection) throws -> Int {
        try connection.execute(PostgresQuery(unsafeSQL: pruneSQL, binds: [
            partnerID, now, now.adding(.zero - policy.absoluteLifetime), now.adding(.zero - policy.idleTimeout),
        ]))
    }

    /// `revokeAll` for callers that audit the change themselves (a password reset).
    static func revokeAllUnaudited(of userID: UUID, in partnerID: UUID, keeping: UUID?, now: Date,
                                   on connection: PostgresConnection) throws -> Int {
        try connection.execute(PostgresQuery(unsafeSQL: revokeAllSQL, binds: [partnerID, userID, now, keeping]))
    }

    private static func userCustomer(_ userID: UUID, in partnerID: UUID, on connection: PostgresConnection) throws -> UUID? {
        try connection.query(PostgresQuery(unsafeSQL: userCustomerSQL, binds: [partnerID, userID])).first?
            .decode(UUID?.self, at: 0)
    }

    static func decode(_ row: PostgresRow) throws -> Session {
        let (id, partnerID, userID, createdAt, lastSeenAt, expiresAt, revokedAt, remoteAddress, userAgent) = try row.decode(
            (UUID, UUID, UUID, Date, Date, Date, Date?, String?, String?).self)
        return Session(id: id, partnerID: partnerID, userID: userID, createdAt: createdAt, lastSeenAt: lastSeenAt,
                       expiresAt: expiresAt, revokedAt: revokedAt, remoteAddress: remoteAddress, userAgent: userAgent)
    }
}
