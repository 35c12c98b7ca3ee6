public import Foundation
public import Postgres

/// Reading and changing a partner's customers. Every statement names the partner explicitly
/// (the index's leading column, and the Citus distribution key); row-level security checks the
/// same again and also narrows customer viewers to their own customer.
public enum Customers {
    static let columns = "id, partner_id, name, tier_code, status, external_reference, created_at, updated_at"
    static let listSQL = """
        SELECT \(columns) FROM customers
        WHERE partner_id = $1 AND ($2::uuid IS NULL OR id > $2) AND ($3::uuid IS NULL OR id = $3)
          AND ($4::text IS NULL OR name ILIKE '%' || $4 || '%')
        ORDER BY id LIMIT $5
        """
    static let getSQL = "SELECT \(columns) FROM customers WHERE partner_id = $1 AND id = $2"
    static let insertSQL = """
        INSERT INTO customers (partner_id, name, tier_code, external_reference) VALUES ($1, $2, $3, $4)
        RETURNING \(columns)
        """
    static let updateSQL = """
        UPDATE customers SET name = $3, tier_code = $4, status = $5, external_reference = $6
        WHERE partner_id = $1 AND id = $2 RETURNING \(columns)
        """
    static let conflicts = [
        "customers_name_per_partner": FieldProblem(field: "name", message: "is already used by another customer"),
        // Migrations/0002: a customer's tier is one of its partner's tiers.
        "customers_tier_fkey": FieldProblem(field: "tier_code", message: "is not one of the partner's tiers"),
    ]

    /// The caller's customers in id (creation) order after `cursor`, optionally those whose
    /// name contains `search`.
    public static func list(for principal: Principal, search: String? = nil, after cursor: UUID?, limit: Int,
                            on connection: PostgresConnection) throws -> [Customer] {
        let pattern = search.map(escapeLike)
        return try connection.query(PostgresQuery(unsafeSQL: listSQL, binds: [
            principal.partnerID, cursor, principal.customerID, pattern, limit,
        ])).map(decode)
    }

    /// One customer; `notFound` when it is not the caller's to see.
    public static func get(_ id: UUID, for principal: Principal, on connection: PostgresConnection) throws -> Customer {
        guard let row = try connection.query(PostgresQuery(unsafeSQL: getSQL, binds: [principal.partnerID, id])).first else {
            throw TenancyError.notFound("customer")
        }
        return try decode(row)
    }

    /// Creates a customer with its sandbox and production environments.
    public static func create(_ new: NewCustomer, by caller: Caller, on connection: PostgresConnection) throws -> Customer {
        try InputRules.check(InputRules.name(new.name), InputRules.tierCode(new.tierCode),
                             new.externalReference.flatMap(referenceProblem))
        let partnerID = caller.principal.partnerID
        let customer = try translatingConflicts(conflicts, on: connection) { connection in
            try decode(connection.query(PostgresQuery(unsafeSQL: insertSQL, binds: [
                partnerID, new.name.trimmingWhitespace, new.tierCode, new.externalReference,
            ])).single())
        }
        try AuditLog.record(AuditChange(action: "customer.create", partnerID: partnerID, customerID: customer.id,
                                        targetType: "customer", targetID: customer.id.uuidString, after: customer),
                            by: caller, on: connection)
        return customer
    }

    /// Applies `changes` (rename, change tier, suspend, reactivate) and records before and
    /// after. A tier or status change is its own audit action so it can be filtered for.
    public static func update(_ id: UUID, _ changes: CustomerChanges, by caller: Caller,
                              on connection: PostgresConnection) throws -> Customer {
        try InputRules.check(changes.name.flatMap { InputRules.name($0) }, changes.tierCode.flatMap { InputRules.tierCode($0) },
                             changes.externalReference.flatMap { $0.flatMap(referenceProblem) })
        let before = try get(id, for: caller.principal, on: connection)
        let after = try translatingConflicts(conflicts, on: connection) { connection in
            try decode(connection.query(PostgresQuery(unsafeSQL: updateSQL, binds: [
                caller.principal.partnerID, id, changes.name?.trimmingWhitespace ?? before.name,
                changes.tierCode ?? before.tierCode, (changes.status ?? before.status).rawValue,
                changes.externalReference ?? before.externalReference,
            ])).single())
        }
        let action = if after.status != before.status {
            after.status == .suspended ? "customer.suspend" : "customer.reactivate"
        } else if after.tierCode != before.tierCode {
            "customer.change_tier"
        } else {
            "customer.update"
        }
        try AuditLog.record(AuditChange(action: action, partnerID: after.partnerID, customerID: id, targetType: "customer",
                                        targetID: id.uuidString, before: before, after: after), by: caller, on: connection)
        return after
    }

    private static func referenceProblem(_ reference: String) -> FieldProblem? {
        reference.count > 100 ? FieldProblem(field: "external_reference", message: "must be at most 100 characters") : nil
    }

    /// `%`, `_` and `\` match literally in the search (PostgreSQL docs §9.7.1).
    private static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    static func decode(_ row: PostgresRow) throws -> Customer {
        let (id, partnerID, name, tierCode, status, reference, createdAt, updatedAt) = try row.decode(
            (UUID, UUID, String, String, String, String?, Date, Date).self)
        return Customer(id: id, partnerID: partnerID, name: name, tierCode: tierCode,
                        status: Customer.Status(rawValue: status) ?? .suspended, externalReference: reference,
                        createdAt: createdAt, updatedAt: updatedAt)
    }
}
