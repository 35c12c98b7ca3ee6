public import Foundation
public import Postgres

/// Counting log-in attempts per account and per address (Migrations/0001: `login_attempts`).
/// The decision itself is `LoginThrottlePolicy.decide`; this type only reads and writes rows.
/// Runs in the partner's scope: log-in happens before any user is known.
public enum LoginThrottle {
    // The account's failures count only after its latest success in the window; the address's
    // count regardless (LoginThrottlePolicy explains why). Both use the (partner_id, email |
    // remote_address, attempted_at) indexes.
    static let countSQL = """
        WITH account AS (
            SELECT attempted_at FROM login_attempts
            WHERE partner_id = $1 AND email = $2 AND NOT succeeded AND attempted_at > $4 AND attempted_at <= $5
              AND attempted_at > coalesce((
                  SELECT max(attempted_at) FROM login_attempts
                  WHERE partner_id = $1 AND email = $2 AND succeeded AND attempted_at > $4 AND attempted_at <= $5
              ), '-infinity')
        ), address AS (
            SELECT attempted_at FROM login_attempts
            WHERE partner_id = $1 AND remote_address = $3 AND NOT succeeded AND attempted_at > $4 AND attempted_at <= $5
        )
        SELECT (SELECT count(*) FROM account), (SELECT max(attempted_at) FROM account),
               (SELECT count(*) FROM address), (SELECT max(attempted_at) FROM address)
        """
    static let insertSQL = """
        INSERT INTO login_attempts (partner_id, email, remote_address, succeeded, attempted_at) VALUES ($1, $2, $3, $4, $5)
        RETURNING id
        """
    // Transaction-level advisory locks (PostgreSQL docs §9.28.10) serialise admissions per
    // account and per address: without them, parallel guesses would all read the same count
    // before any of them wrote. Two keyspaces (1: account, 2: address), always taken in that
    // order, so two admissions cannot wait on each other in a cycle.
    static let lockAccountSQL = "SELECT pg_advisory_xact_lock(1, hashtext($1::text || ' ' || $2))"
    static let lockAddressSQL = "SELECT pg_advisory_xact_lock(2, hashtext($1::text || ' ' || $2))"
    static let deleteAttemptSQL = "DELETE FROM login_attempts WHERE partner_id = $1 AND id = $2"
    // Pruning on each write keeps the rows of this account and address bounded without a job;
    // `prune` sweeps the rest.
    static let pruneRelatedSQL = """
        DELETE FROM login_attempts
        WHERE partner_id = $1 AND (email = $2 OR remote_address = $3) AND attempted_at < $4
        """
    static let pruneSQL = "DELETE FROM login_attempts WHERE partner_id = $1 AND attempted_at < $2"

    /// Whether an attempt for `email` from `remoteAddress` may check a password at `now`.
    public static func check(email: String, remoteAddress: String, in partnerID: UUID, policy: LoginThrottlePolicy,
                             now: Date, on connection: PostgresConnection) throws -> LoginThrottleDecision {
        let row = try connection.query(PostgresQuery(unsafeSQL: countSQL, binds: [
            partnerID, email.normalisedEmail, remoteAddress, now.adding(.zero - policy.window), now,
        ])).single()
        let (accountCount, accountLatest, addressCount, addressLatest) = try row.decode((Int, Date?, Int, Date?).self)
        return policy.decide(account: RecentFailures(count: accountCount, latest: accountLatest),
                             address: RecentFailures(count: addressCount, latest: addressLatest), now: now)
    }

    /// Admits one attempt or refuses it: decides under locks on the account and the address,
    /// and when allowed records the attempt at once as a failure, so attempts running in
    /// parallel count each other. Commit the transaction before checking the password; call
    /// `recordSuccess` afterwards if it was right.
    /// - Returns: the recorded attempt's id.
    /// - Throws: `LoginThrottledError` when throttled; nothing is written then.
    public static func admit(email: String, remoteAddress: String, in partnerID: UUID, policy: LoginThrottlePolicy,
                             now: Date, on connection: PostgresConnection) throws -> UUID {
        let email = email.normalisedEmail
        _ = try connection.query(PostgresQuery(unsafeSQL: lockAccountSQL, binds: [partnerID, email]))
        _ = try connection.query(PostgresQuery(unsafeSQL: lockAddressSQL, binds: [partnerID, remoteAddress]))
        let decision = try check(email: email, remoteAddress: remoteAddress, in: partnerID, policy: policy, now: now,
                                 on: connection)
        if case .throttled(let retryAfter) = decision { throw LoginThrottledError(retryAfter: retryAfter) }
        let attemptID = try insert(email: email, remoteAddress: remoteAddress, succeeded: false, in: partnerID, now: now,
                                   on: connection)
        try pruneRelated(email: email, remoteAddress: remoteAddress, in: partnerID, policy: policy, now: now, on: connection)
        return attemptID
    }

    /// Turns the attempt `admit` recorded as a failure into a success (which clears the
    /// account's count), and prunes as `record` does.
    public static func recordSuccess(of attemptID: UUID, email: String, remoteAddress: String, in partnerID: UUID,
                                     policy: LoginThrottlePolicy, now: Date, on connection: PostgresConnection) throws {
        _ = try connection.execute(PostgresQuery(unsafeSQL: deleteAttemptSQL, binds: [partnerID, attemptID]))
        try record(email: email, remoteAddress: remoteAddress, succeeded: true, in: partnerID, policy: policy, now: now,
                   on: connection)
    }

    /// Records an attempt that checked a password, and drops this account's and address's
    /// rows older than the policy's window.
    public static func record(email: String, remoteAddress: String, succeeded: Bool, in partnerID: UUID,
                              policy: LoginThrottlePolicy, now: Date, on connection: PostgresConnection) throws {
        let email = email.normalisedEmail
        _ = try insert(email: email, remoteAddress: remoteAddress, succeeded: succeeded, in: partnerID, now: now,
                       on: connection)
        try pruneRelated(email: email, remoteAddress: remoteAddress, in: partnerID, policy: policy, now: now, on: connection)
    }

    /// Deletes every attempt of `partnerID` older than the policy's window; for a
    /// maintenance job. Returns how many rows went.
    @discardableResult
    public static func prune(in partnerID: UUID, policy: LoginThrottlePolicy, now: Date,
                             on connection: PostgresConnection) throws -> Int {
        try connection.execute(PostgresQuery(unsafeSQL: pruneSQL, binds: [partnerID, now.adding(.zero - policy.window)]))
    }

    private static func pruneRelated(email: String, remoteAddress: String, in partnerID: UUID,
                                     policy: LoginThrottlePolicy, now: Date, on connection: PostgresConnection) throws {
        _ = try connection.execute(PostgresQuery(unsafeSQL: pruneRelatedSQL, binds: [
            partnerID, email, remoteAddress, now.adding(.zero - policy.window),
        ]))
    }

    private static func insert(email: String, remoteAddress: String, succeeded: Bool, in partnerID: UUID, now: Date,
                               on connection: PostgresConnection) throws -> UUID {
        try connection.query(PostgresQuery(unsafeSQL: insertSQL, binds: [partnerID, email, remoteAddress, succeeded, now]))
            .single().decode(UUID.self, at: 0)
    }
}
