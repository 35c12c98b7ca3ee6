public import Crypto
public import Foundation
import Postgres

/// Log-in with e-mail and password (issue 3), configured once and used per request:
///
/// throttle admission (which records the attempt as failed) → account lookup →
/// `PasswordHasher.verify` → mark the attempt succeeded → rehash
/// if the stored parameters are outdated → `last_login_at` → a new session → `session.create`
/// in the audit log.
///
/// Unlike the stores, this opens its own transactions on `database` (in the partner's scope),
/// for two reasons: an attempt must be committed before its password is checked (so parallel
/// guesses count each other, and a failure stays recorded although the log-in throws), and
/// scrypt's few hundred milliseconds should not hold a connection or a transaction open.
///
/// What a caller can learn is deliberately little (OWASP Authentication Cheat Sheet,
/// "Authentication and Error Messages"): a wrong password, an unknown e-mail, a user without a
/// password, a disabled user and a suspended partner or customer all throw the same
/// `TenancyError.unauthenticated`, and all of them run one scrypt verification — against a
/// dummy hash with the current parameters when there is no real one — so the time taken does
/// not tell them apart either. A throttled attempt throws `LoginThrottledError` before any
/// password is verified, so a locked-out attacker gets no oracle.
public struct PasswordLogin: Sendable {
    /// Where users, sessions and attempts live; used as the application role.
    public var database: TenantDatabase
    /// When to stop checking passwords.
    public var throttlePolicy: LoginThrottlePolicy
    /// How long the created sessions live.
    public var sessionPolicy: SessionPolicy
    /// Verifies stored hashes and makes new ones when their parameters are outdated.
    public var hasher: PasswordHasher

    /// Log-in over `database`, with the default policies and OWASP's scrypt parameters
    /// unless told otherwise. Call the policies' `validate()` at start.
    public init(database: TenantDatabase, throttlePolicy: LoginThrottlePolicy = LoginThrottlePolicy(),
                sessionPolicy: SessionPolicy = SessionPolicy(), hasher: PasswordHasher = PasswordHasher()) {
        self.database = database
        self.throttlePolicy = throttlePolicy
        self.sessionPolicy = sessionPolicy
        self.hasher = hasher
    }

    static let recordLoginSQL = """
        UPDATE users SET last_login_at = $3, password_hash = coalesce($4, password_hash)
        WHERE partner_id = $1 AND id = $2 AND status = 'active' AND password_hash = $5
        """

    /// Logs `email` in to `partnerID` with `password` and starts a session.
    /// - Parameters:
    ///   - remoteAddress: the client's address, counted by the throttle and kept on the session.
    ///   - userAgent: kept on the session so the user can recognise it in a list.
    ///   - requestID: joins the audit entry with the access log.
    /// - Throws: `LoginThrottledError` when too many attempts failed recently;
    ///   `TenancyError.unauthenticated` for every other refusal.
    public func logIn(email: String, password: String, partnerID: UUID, remoteAddress: String, userAgent: String?,
                      requestID: String? = nil, now: Date) throws -> LoggedIn {
        let email = email.normalisedEmail
        let scope = TenantScope.partner(partnerID)
        // Committed before the password is checked: the attempt counts as a failure from now
        // on, also for attempts running in parallel, until it is shown to have succeeded.
        let (attemptID, account) = try database.transaction(scope) { connection in
            (try LoginThrottle.admit(email: email, remoteAddress: remoteAddress, in: partnerID, policy: throttlePolicy,
                                     now: now, on: connection),
             try LoginAccount.find(email: email, in: partnerID, on: connection))
        }

        // Outside any transaction: the slow part needs no connection.
        let storedHash = account?.passwordHash
        let passwordMatches = verify(password, against: storedHash)
        let accepted = passwordMatches && account?.mayLogIn == true
        let replacementHash = accepted && storedHash.map(hasher.needsRehash) == true
            ? try? hasher.hash(password: password) : nil

        guard accepted, let account, let storedHash else { throw TenancyError.unauthenticated }

        let loggedIn = try database.transaction(scope) { connection -> LoggedIn? in
            // Re-checked in the UPDATE: the user may have been disabled, or their password
            // reset, while scrypt ran; then the attempt stays a failure.
            guard try connection.execute(PostgresQuery(unsafeSQL: Self.recordLoginSQL, binds: [
                partnerID, account.userID, now, replacementHash, storedHash,
            ])) == 1 else { return nil }
            try LoginThrottle.recordSuccess(of: attemptID, email: email, remoteAddress: remoteAddress, in: partnerID,
                                            policy: throttlePolicy, now: now, on: connection)
            return try startSession(for: account, remoteAddress: remoteAddress, userAgent: userAgent,
                                    requestID: requestID, now: now, on: connection)
        }
        guard let loggedIn else { throw TenancyError.unauthenticated }
        return loggedIn
    }

    private func startSession(for account: LoginAccount, remoteAddress: String, userAgent: String?, requestID: String?,
                              now: Date, on connection: PostgresConnection) throws -> LoggedIn {
        let issued = try Sessions.create(for: account.userID, in: account.partnerID, remoteAddress: remoteAddress,
                                         userAgent: userAgent, policy: sessionPolicy, now: now, on: connection)
        let principal = account.principal(sessionID: issued.session.id)
        // The session's public view only: neither the password nor the cookie reaches the log.
        try AuditLog.record(AuditChange(action: "session.create", partnerID: account.partnerID,
                                        customerID: account.customerID, targetType: "session",
                                        targetID: issued.session.id.uuidString, after: issued.session),
                            by: Caller(principal: principal, requestID: requestID, remoteAddress: remoteAddress),
                            on: connection)
        return LoggedIn(cookie: issued.cookie, principal: principal, session: issued.session)
    }

    /// One scrypt verification whatever the account: against the stored hash, or against a
    /// dummy with the hasher's parameters when there is none, so both take the same time. An
    /// unreadable stored hash counts as a mismatch.
    private func verify(_ password: String, against storedHash: String?) -> Bool {
        guard let storedHash else {
            _ = try? hasher.verify(password: password, against: Self.dummyHash(hasher.parameters))
            return false
        }
        return (try? hasher.verify(password: password, against: storedHash)) ?? false
    }

    /// A well-formed hash no password matches in practice (all-zero salt and digest), with
    /// `parameters`, so verifying against it costs exactly what a real verification costs.
    static func dummyHash(_ parameters: PasswordHasher.Parameters) -> String {
        let salt = String(repeating: "A", count: 22)    // 16 zero bytes, unpadded base64
        let digest = String(repeating: "A", count: 43)  // 32 zero bytes, unpadded base64
        return "$scrypt$\(parameters)$\(salt)$\(digest)"
    }
}

/// A successful log-in: the cookie to set (its value is shown once and stored nowhere), who
/// logged in, and the session row.
public struct LoggedIn: Sendable {
    /// The browser's cookie; the Portal sets it HttpOnly, Secure, SameSite=Lax.
    public var cookie: SessionCookie
    /// The logged-in user, with credential `.session(id:)`.
    public var principal: Principal
    /// The new session.
    public var session: Session
}
