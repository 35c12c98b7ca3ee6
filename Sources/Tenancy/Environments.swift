public import Foundation
public import Postgres

/// A customer's environments. They are created with the customer (a trigger in
/// Migrations/0001) and never deleted on their own.
public enum Environments {
    static let listSQL = """
        SELECT id, partner_id, customer_id, kind, created_at FROM environments
        WHERE partner_id = $1 AND customer_id = $2 ORDER BY kind DESC
        """
    static let getSQL = "SELECT id, partner_id, customer_id, kind, created_at FROM environments WHERE partner_id = $1 AND id = $2"

    /// The customer's environments, sandbox first. `notFound` when the customer is not the
    /// caller's to see.
    public static func list(customer customerID: UUID, for principal: Principal,
                            on connection: PostgresConnection) throws -> [Environment] {
        _ = try Customers.get(customerID, for: principal, on: connection)
        return try connection.query(PostgresQuery(unsafeSQL: listSQL, binds: [principal.partnerID, customerID])).map(decode)
    }

    /// One environment; `notFound` when it is not the caller's to see.
    public static func get(_ id: UUID, for principal: Principal, on connection: PostgresConnection) throws -> Environment {
        guard let row = try connection.query(PostgresQuery(unsafeSQL: getSQL, binds: [principal.partnerID, id])).first else {
            throw TenancyError.notFound("environment")
        }
        return try decode(row)
    }

    static func decode(_ row: PostgresRow) throws -> Environment {
        let (id, partnerID, customerID, kind, createdAt) = try row.decode((UUID, UUID, UUID, String, Date).self)
        return Environment(id: id, partnerID: partnerID, customerID: customerID,
                           kind: Environment.Kind(rawValue: kind) ?? .sandbox, createdAt: createdAt)
    }
}
