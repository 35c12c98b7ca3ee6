public import Foundation
public import Postgres
public import Tenancy

// A customer's lookup tables (Migrations/0006: `lookup_tables`): imported from CSV as a whole,
// read by the mappings that name them.
extension Mappings {
    static let tablesSQL = """
        SELECT name, row_count, imported_at, imported_by_email FROM lookup_tables
        WHERE partner_id = $1 AND customer_id = $2 ORDER BY name
        """
    static let tableSQL = """
        SELECT name, row_count, imported_at, imported_by_email FROM lookup_tables
        WHERE partner_id = $1 AND customer_id = $2 AND name = $3
        """
    static let rowsSQL = """
        SELECT name, rows::text FROM lookup_tables
        WHERE partner_id = $1 AND customer_id = $2 AND name IN (SELECT jsonb_array_elements_text($3::jsonb))
        """
    static let upsertSQL = """
        INSERT INTO lookup_tables (partner_id, customer_id, name, rows, row_count, imported_at, imported_by_user_id, imported_by_email)
        VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8)
        ON CONFLICT (partner_id, customer_id, name) DO UPDATE
        SET rows = EXCLUDED.rows, row_count = EXCLUDED.row_count, imported_at = EXCLUDED.imported_at,
            imported_by_user_id = EXCLUDED.imported_by_user_id, imported_by_email = EXCLUDED.imported_by_email
        RETURNING name, row_count, imported_at, imported_by_email
        """

    /// The customer's lookup tables by name, without their rows.
    public static func lookupTables(customer customerID: UUID, for principal: Principal,
                                    on connection: PostgresConnection) throws -> [LookupTableSummary] {
        try principal.require(.mappingsRead)
        _ = try Customers.get(customerID, for: principal, on: connection)
        return try connection.query(PostgresQuery(unsafeSQL: tablesSQL, binds: [principal.partnerID, customerID]))
            .map(decodeSummary)
    }

    /// The rows of the customer's tables named `names` (those that exist), for
    /// `MappingEvaluator`: a flow loads what its mapping names (`Mapping.lookupTableNames`).
    public static func lookupTables(named names: [String], customer customerID: UUID, for principal: Principal,
                                    on connection: PostgresConnection) throws -> LookupTables {
        try principal.require(.mappingsRead)
        _ = try Customers.get(customerID, for: principal, on: connection)
        guard !names.isEmpty else { return LookupTables() }
        var tables: [String: [String: String]] = [:]
        let list = JSON.array(names.map(JSON.string)).text
        for row in try connection.query(PostgresQuery(unsafeSQL: rowsSQL, binds: [principal.partnerID, customerID, list])) {
            let (name, rows) = try row.decode((String, String).self)
            tables[name] = try JSONDecoder().decode([String: String].self, from: Data(rows.utf8))
        }
        return LookupTables(tables)
    }

    /// Replaces the customer's table `name` with the rows of a `key,value` CSV file, or
    /// creates it. Refused with `TenancyError.invalid` naming the `name`, or one problem per
    /// bad line of the file as `csv` (`line 4: the key is empty`); nothing is written then.
    public static func importLookupTable(_ name: String, csv: [UInt8], customer customerID: UUID, by caller: Caller, now: Date,
                                         on connection: PostgresConnection) throws -> LookupTableSummary {
        let principal = caller.principal
        try principal.require(.mappingsWrite)
        _ = try Customers.get(customerID, for: principal, on: connection)
        guard MappingName.isValid(name) else { throw TenancyError.invalid("name", "must be " + MappingName.rule) }
        let table: LookupTableCSV
        do {
            table = try LookupTableCSV(bytes: csv)
        } catch {
            throw TenancyError.invalid(error.problems.map { FieldProblem(field: "csv", message: $0.description) }
                + (error.unlisted > 0 ? [FieldProblem(field: "csv", message: "and \(error.unlisted) more problems")] : []))
        }
        let before = try connection.query(PostgresQuery(unsafeSQL: tableSQL, binds: [principal.partnerID, customerID, name]))
            .first.map(decodeSummary)
        let rows = String(decoding: try JSONEncoder().encode(table.table), as: UTF8.self)
        let summary = try decodeSummary(connection.query(PostgresQuery(unsafeSQL: upsertSQL, binds: [
            principal.partnerID, customerID, name, rows, table.rows.count, now, principal.userID, principal.email,
        ])).single())
        try AuditLog.record(AuditChange(action: "lookup_table.import", partnerID: principal.partnerID, customerID: customerID,
                                        targetType: "lookup_table", targetID: "\(customerID.uuidString.lowercased())/\(name)",
                                        before: before, after: summary),
                            by: caller, on: connection)
        return summary
    }

    static func decodeSummary(_ row: PostgresRow) throws -> LookupTableSummary {
        let (name, rowCount, importedAt, email) = try row.decode((String, Int, Date, String).self)
        return LookupTableSummary(name: name, rowCount: rowCount, importedAt: importedAt, importedByEmail: email)
    }
}
