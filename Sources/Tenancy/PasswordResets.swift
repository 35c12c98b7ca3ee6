public import Crypto
public import Foundation
public import Postgres

/// Setting a password through a one-time link mailed to the user — both "forgot my password"
/// and an invited user's first password — and changing it while logged in
/// (Migrations/0001: `password_resets`).
///
/// A link's token is 32 random bytes in base64url; the table holds only its SHA-256, so a
/// copy of the table resets nobody's password. A token works once, for `validity`, and asking
/// again invalidates the earlier ones (OWASP Forgot Password Cheat Sheet).
///
/// Runs in the partner's scope (`TenantScope.partner`): requests come before anyone is logged
/// in, and revoking sessions needs the partner's view of `sessions`.
public enum PasswordResets {
    /// How long a link works: one hour.
    public static let validity: Duration = .seconds(3600)
    /// At most this many links per user per hour; further requests are silently dropped, so
    /// the form cannot be used to flood someone's inbox.
    public static let maximumRequestsPerHour = 3

    static let recentCountSQL = """
        SELECT count(*) FROM password_resets WHERE partner_id = $1 AND user_id = $2 AND created_at > $3
        """
    // Superseded tokens expire now rather than being marked used: `used_at` means "used".
    static let supersedeSQL = """
        UPDATE password_resets SET expires_at = $3
        WHERE partner_id = $1 AND user_id = $2 AND used_at IS NULL AND expires_at > $3
        """
    static let insertSQL = """
        INSERT INTO password_resets (partner_id, user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)
        RETURNING id
        """
    // Claiming is one statement, so two requests with the same token cannot both succeed.
    static let claimSQL = """
        UPDATE password_resets SET used_at = $3
        WHERE partner_id = $1 AND token_hash = $2 AND used_at IS NULL AND expires_at > $3
        RETURNING id, user_id
        """
    static let setPasswordSQL = """
        UPDATE users SET password_hash = $3, password_changed_at = $4 WHERE partner_id = $1 AND id = $2
        """

    /// Mails a one-time link `baseURL/password/reset?token=…` to the user with `email`, if
    /// there is an active one in `partnerID`. Returns normally in every case — unknown address,
    /// disabled user, too many requests — so the answer does not reveal who has an account.
    /// - Parameters:
    ///   - baseURL: the partner's portal origin, e.g. `https://portal.example.com`.
    ///   - remoteAddress: the requester's address, for the audit log.
    ///   - composer: writes the mail in the partner's theme and brand.
    public static func request(email: String, in partnerID: UUID, baseURL: String,
                               composer: any MailComposer = PlainMailComposer(),
                               remoteAddress: String? = nil, requestID: String? = nil, now: Date, mailer: any Mailer,
                               on connection: PostgresConnection) throws {
        // Made whether or not it is used, so both paths do the same work up to the lookup.
        let secret = SecureRandom.bytes(SessionCookie.byteCount)
        let tokenHash = SHA256.hash(secret)
        let email = email.normalisedEmail
        guard InputRules.email(email) == nil,
              let account = try LoginAccount.find(email: email, in: partnerID, on: connection), account.mayLogIn,
              try connection.query(PostgresQuery(unsafeSQL: recentCountSQL, binds: [
                  partnerID, account.userID, now.adding(.seconds(-3600)),
              ])).single().decode(Int.self, at: 0) < maximumRequestsPerHour
        else { return }

        _ = try connection.execute(PostgresQuery(unsafeSQL: supersedeSQL, binds: [partnerID, account.userID, now]))
        let resetID = try connection.query(PostgresQuery(unsafeSQL: insertSQL, binds: [
            partnerID, account.userID, tokenHash, now, now.adding(validity),
        ])).single().decode(UUID.self, at: 0)
        // Nobody is logged in: the actor is an anonymous requester, recorded with its address.
        // The audit log has no actor kind for that; `system` with e-mail "anonymous" is the
        // nearest, and its role column then repeats the target's role (Principal needs one).
        let requester = Principal(userID: nil, partnerID: partnerID, customerID: nil, role: account.role,
                                  email: "anonymous", name: "anonymous", credential: .system)
        try AuditLog.record(AuditChange(action: "user.password_reset_request", partnerID: partnerID,
                                        customerID: account.customerID, targetType: "user",
                                        targetID: account.userID.uuidString, after: ["reset_id": resetID]),
                            by: Caller(principal: requester, requestID: requestID, remoteAddress: remoteAddress),
                            on: connection)
        try mailer.send(composer.compose(PasswordMail(
            isInvitation: account.passwordHash == nil, recipientName: account.name, recipientEmail: account.email,
            link: link(baseURL: baseURL, token: Base64URL.encode(secret)), validMinutes: Int(validity.timeInterval / 60))))
    }

    /// Sets `newPassword` for the user whose link carried `token`: the token must be unused
    /// and unexpired, the password must satisfy `policy`. Marks the token used, ends all the
    /// user's sessions and records `user.password_reset`. Returns the user.
    /// - Throws: `TenancyError.invalid` on `token` (unknown, used, expired, or its user
    ///   disabled) or on `password` (the policy's message); nothing is changed then.
    @discardableResult
    public static func complete(token: String, newPassword: String, in partnerID: UUID, remoteAddress: String? = nil,
                                requestID: String? = nil, now: Date, policy: PasswordPolicy = PasswordPolicy(),
                                hasher: PasswordHasher = PasswordHasher(), on connection: PostgresConnection) throws -> User {
        let refusal = TenancyError.invalid("token", "is not valid or has expired; ask for a new link")
        guard let secret = Base64URL.decode(token), secret.count == SessionCookie.byteCount,
              let claimed = try connection.query(PostgresQuery(unsafeSQL: claimSQL, binds: [
                  partnerID, SHA256.hash(secret), now,
              ])).first,
              let account = try LoginAccount.find(id: claimed.decode(UUID.self, at: 1), in: partnerID, on: connection),
              account.mayLogIn
        else { throw refusal }
        try InputRules.check(policy.problem(newPassword, email: account.email))

        let before = try Users.get(account.userID, in: partnerID, on: connection)
        try store(hasher.hash(password: newPassword), for: account.userID, in: partnerID, now: now, on: connection)
        _ = try Sessions.revokeAllUnaudited(of: account.userID, in: partnerID, keeping: nil, now: now, on: connection)
        let after = try Users.get(account.userID, in: partnerID, on: connection)
        // The user proved who they are with the link; they are the actor.
        let principal = account.principal(sessionID: try claimed.decode(UUID.self, at: 0))
        try AuditLog.record(AuditChange(action: "user.password_reset", partnerID: partnerID, customerID: account.customerID,
                                        targetType: "user", targetID: account.userID.uuidString, before: before,
                                        after: after),
                            by: Caller(principal: principal, requestID: requestID, remoteAddress: remoteAddress),
                            on: connection)
        return after
    }

    /// Changes the logged-in caller's password after checking `currentPassword`, ends their
    /// other sessions (the current one stays) and records `user.password_change`.
    /// - Throws: `TenancyError.invalid` on `current_password` when it is wrong, or on
    ///   `new_password` (the policy's message); `.unauthenticated` without a user.
    public static func changePassword(current currentPassword: String, new newPassword: String, by caller: Caller,
                                      now: Date, policy: PasswordPolicy = PasswordPolicy(),
                                      hasher: PasswordHasher = PasswordHasher(),
                                      on connection: PostgresConnection) throws {
        let principal = caller.principal
        guard let userID = principal.userID,
              let account = try LoginAccount.find(id: userID, in: principal.partnerID, on: connection), account.mayLogIn
        else { throw TenancyError.unauthenticated }
        let matches = account.passwordHash.flatMap { try? hasher.verify(password: currentPassword, against: $0) } ?? false
        guard matches else { throw TenancyError.invalid("current_password", "is not correct") }
        try InputRules.check(policy.problem(newPassword, email: account.email, field: "new_password"))

        let before = try Users.get(userID, in: principal.partnerID, on: connection)
        try store(hasher.hash(password: newPassword), for: userID, in: principal.partnerID, now: now, on: connection)
        let currentSession: UUID? = if case .session(let id) = principal.credential { id } else { nil }
        _ = try Sessions.revokeAllUnaudited(of: userID, in: principal.partnerID, keeping: currentSession, now: now,
                                            on: connection)
        let after = try Users.get(userID, in: principal.partnerID, on: connection)
        try AuditLog.record(AuditChange(action: "user.password_change", partnerID: principal.partnerID,
                                        customerID: account.customerID, targetType: "user", targetID: userID.uuidString,
                                        before: before, after: after), by: caller, on: connection)
    }

    /// Sets a user's password directly, for the operator at the command line
    /// (`counterpart user add --password-stdin`): the policy applies, the user's sessions end,
    /// and `user.set_password` is recorded with the caller as actor.
    public static func setPassword(_ password: String, for userID: UUID, in partnerID: UUID, by caller: Caller, now: Date,
                                   policy: PasswordPolicy = PasswordPolicy(), hasher: PasswordHasher = PasswordHasher(),
                                   on connection: PostgresConnection) throws {
        let before = try Users.get(userID, in: partnerID, on: connection)
        try InputRules.check(policy.problem(password, email: before.email))
        try store(hasher.hash(password: password), for: userID, in: partnerID, now: now, on: connection)
        _ = try Sessions.revokeAllUnaudited(of: userID, in: partnerID, keeping: nil, now: now, on: connection)
        let after = try Users.get(userID, in: partnerID, on: connection)
        try AuditLog.record(AuditChange(action: "user.set_password", partnerID: partnerID, customerID: after.customerID,
                                        targetType: "user", targetID: userID.uuidString, before: before, after: after),
                            by: caller, on: connection)
    }

    private static func store(_ hash: String, for userID: UUID, in partnerID: UUID, now: Date,
                              on connection: PostgresConnection) throws {
        _ = try connection.execute(PostgresQuery(unsafeSQL: setPasswordSQL, binds: [partnerID, userID, hash, now]))
    }

    /// `baseURL` without trailing slashes, then the reset page with the token (base64url needs
    /// no percent-encoding in a query, RFC 3986 §3.4).
    static func link(baseURL: String, token: String) -> String {
        var base = Substring(baseURL)
        while base.hasSuffix("/") { base = base.dropLast() }
        return "\(base)/password/reset?token=\(token)"
    }
}
