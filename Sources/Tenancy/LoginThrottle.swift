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
        """
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

    /// Records an attempt that checked a password, and drops this account's and address's
    /// rows older than the policy's window.
    public static func record(email: String, remoteAddress: String, succeeded: Bool, in partnerID: UUID,
                              policy: LoginThrottlePolicy, now: Date, on connection: PostgresConnection) throws {
        let email = email.normalisedEmail
        _ = try connection.execute(PostgresQuery(unsafeSQL: insertSQL, binds: [partnerID, email, remoteAddress, succeeded, now]))
        _ = try connection.execute(PostgresQuery(unsafeSQL: pruneRelatedSQL, binds: [
            partnerID, email, remoteAddress, now.adding(.zero - policy.window),
        ]))
    }

    /// Deletes every attempt of `partnerID` older than the policy's window; for a
    /// maintenance job. Returns how many rows went.
    @discardableResult
    public static func prune(in partnerID: UUID, policy: LoginThrottlePolicy, now: Date,
                             on connection: PostgresConnection) throws -> Int {
        try connection.execute(PostgresQuery(unsafeSQL: pruneSQL, binds: [partnerID, now.adding(.zero - policy.window)]))
    }
}
