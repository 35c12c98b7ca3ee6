/// An error from PostgreSQL or libpq. (Placeholder until the Postgres module lands.)
public struct PostgresError: Error, Sendable {
    public var message: String
}
