public import Crypto
public import Foundation
public import Postgres
public import Tenancy

/// Fixtures for log-in, session and password-reset tests.
extension TenantTestDatabase {
    /// scrypt with N = 2^4: the real algorithm at a cost that keeps tests fast.
    public static let fastHasher = PasswordHasher(parameters: .init(logN: 4, r: 8, p: 1))

    /// A fixed instant, so tests move time by adding to it.
    public static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// Stores a hash of `password` for `user`, behind row-level security's back.
    public func setPassword(_ password: String, for user: Principal, hasher: PasswordHasher = fastHasher) throws {
        let hash = try hasher.hash(password: password)
        _ = try owner.execute("UPDATE users SET password_hash = \(hash) WHERE id = \(user.userID)")
    }

    /// Log-in over this schema, with the fast hasher unless told otherwise.
    public func passwordLogin(throttle: LoginThrottlePolicy = LoginThrottlePolicy(), sessions: SessionPolicy = SessionPolicy(),
                       hasher: PasswordHasher = fastHasher) -> PasswordLogin {
        PasswordLogin(database: database, throttlePolicy: throttle, sessionPolicy: sessions, hasher: hasher)
    }

    /// Runs `body` in the partner's scope, where sessions, attempts and resets live.
    public func inPartner<Result>(_ partnerID: UUID, _ body: (PostgresConnection) throws -> Result) throws -> Result {
        try database.transaction(.partner(partnerID), body)
    }

    /// Every audit row of the schema as JSON text, to search for what must never be there.
    public func auditLogText() throws -> String {
        try owner.query("SELECT coalesce(string_agg(row_to_json(a)::text, ' '), '') FROM audit_log a").single()
            .decode(String.self, at: 0)
    }

    /// How many rows `sql` (a `SELECT count(*)`) counts.
    public func count(_ query: PostgresQuery) throws -> Int {
        try owner.query(query).single().decode(Int.self, at: 0)
    }
}
