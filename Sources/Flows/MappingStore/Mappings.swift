public import Foundation
public import Postgres
public import Tenancy

/// Reading and saving a customer's mappings (Migrations/0006: `mapping_versions`), inside the
/// caller's tenant transaction. Every statement names the partner and the customer; row-level
/// security checks the partner again. Saving needs `mappings:write`, reading `mappings:read`;
/// each save and restore is audited in the customer's log with a summary before and after.
public enum Mappings {
    static let columns = """
        partner_id, customer_id, flow, version, document::text, note, restored_from, author_user_id, author_email, created_at
        """
    static let currentSQL = """
        SELECT \(columns) FROM mapping_versions WHERE partner_id = $1 AND customer_id = $2 AND flow = $3
        ORDER BY version DESC LIMIT 1
        """
    static let versionSQL = """
        SELECT \(columns) FROM mapping_versions WHERE partner_id = $1 AND customer_id = $2 AND flow = $3 AND version = $4
        """
    static let listSQL = """
        SELECT \(columns) FROM mapping_versions WHERE partner_id = $1 AND customer_id = $2 AND flow = $3
        ORDER BY version DESC LIMIT $4
        """
    // The primary key's index serves this: one backward scan per flow.
    static let currentPerFlowSQL = """
        SELECT DISTINCT ON (flow) \(columns) FROM mapping_versions WHERE partner_id = $1 AND customer_id = $2
        ORDER BY flow, version DESC
        """
    static let insertSQL = """
        INSERT INTO mapping_versions (partner_id, customer_id, flow, version, document, note, restored_from,
                                      author_user_id, author_email)
        VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9) RETURNING \(columns)
        """
    /// Two saves of the same flow at the same moment: the second finds its number taken.
    static let conflicts = [
        "mapping_versions_pkey": FieldProblem(field: "version", message: "was just saved by someone else; reload the mapping and save again"),
    ]

    /// The longest note, as Migrations/0006 allows.
    public static let maximumNoteLength = 500
    /// The most versions one read returns.
    public static let maximumVersionsListed = 100

    /// The current version of the customer's mapping for `flow`, or nil before the first save.
    public static func current(customer customerID: UUID, flow: FlowKind, for principal: Principal,
                               on connection: PostgresConnection) throws -> MappingVersion? {
        try principal.require(.mappingsRead)
        _ = try Customers.get(customerID, for: principal, on: connection)
        return try connection.query(PostgresQuery(unsafeSQL: currentSQL, binds: [principal.partnerID, customerID, flow.rawValue]))
            .first.map(decode)
    }

    /// One version; `notFound("mapping version")` when there is no such version.
    public static func version(_ number: Int, customer customerID: UUID, flow: FlowKind, for principal: Principal,
                               on connection: PostgresConnection) throws -> MappingVersion {
        try principal.require(.mappingsRead)
        _ = try Customers.get(customerID, for: principal, on: connection)
        guard let row = try connection.query(PostgresQuery(unsafeSQL: versionSQL, binds: [
            principal.partnerID, customerID, flow.rawValue, number,
        ])).first else { throw TenancyError.notFound("mapping version") }
        return try decode(row)
    }

    /// The versions of the customer's mapping for `flow`, newest first, at most `limit`.
    public static func versions(customer customerID: UUID, flow: FlowKind, for principal: Principal,
                                limit: Int = maximumVersionsListed, on connection: PostgresConnection) throws -> [MappingVersion] {
        try principal.require(.mappingsRead)
        _ = try Customers.get(customerID, for: principal, on: connection)
        return try connection.query(PostgresQuery(unsafeSQL: listSQL, binds: [
            principal.partnerID, customerID, flow.rawValue, min(max(limit, 1), maximumVersionsListed),
        ])).map(decode)
    }

    /// The current version of each flow the customer has a mapping for.
    public static func currentVersions(customer customerID: UUID, for principal: Principal,
                                       on connection: PostgresConnection) throws -> [FlowKind: MappingVersion] {
        try principal.require(.mappingsRead)
        _ = try Customers.get(customerID, for: principal, on: connection)
        let versions = try connection.query(PostgresQuery(unsafeSQL: currentPerFlowSQL, binds: [principal.partnerID, customerID]))
            .map(decode)
        return Dictionary(versions.map { ($0.flow, $0) }) { first, _ in first }
    }

    /// Saves `mapping` as the next version of the customer's mapping for `flow`.
    ///
    /// Refused with `TenancyError.invalid`, each problem at its place in the document
    /// (`fields[3].source`), when the mapping has problems (`Mapping.problems(for:)`), names a
    /// lookup table the customer does not have, or the note is too long. `expectedVersion` is
    /// the version the editor started from (0 when there was none yet; nil to skip the check):
    /// when another version was saved since, the save is a conflict on `version` rather than
    /// silently putting a version on top of one its author never saw.
    public static func save(_ mapping: Mapping, customer customerID: UUID, flow: FlowKind, note: String?,
                            expectedVersion: Int?, by caller: Caller, on connection: PostgresConnection) throws -> MappingVersion {
        try caller.principal.require(.mappingsWrite)
        let current = try current(customer: customerID, flow: flow, for: caller.principal, on: connection)
        if let expectedVersion, (current?.version ?? 0) != expectedVersion {
            let opened = expectedVersion == 0 ? "the mapping was opened without one" : "version \(expectedVersion) was opened"
            throw TenancyError.conflict(FieldProblem(field: "version", message: current.map {
                "\($0.version) was saved by \($0.authorEmail) since \(opened); reload to see it"
            } ?? "\(expectedVersion) does not exist; this mapping has no versions yet"))
        }
        let version = try insert(mapping, customer: customerID, flow: flow, note: note, restoredFrom: nil,
                                 after: current, by: caller, on: connection)
        try AuditLog.record(AuditChange(action: "mapping.save", partnerID: version.partnerID, customerID: customerID,
                                        targetType: "mapping", targetID: auditTarget(customerID, flow),
                                        before: current.map { MappingAuditSummary($0) },
                                        after: MappingAuditSummary(version, comparedWith: current?.mapping)),
                            by: caller, on: connection)
        return version
    }

    /// Makes version `number`'s document the current one again, as a new version that records
    /// which one it restored. The old document is checked as a new save would be (a lookup
    /// table it names may have gone since).
    public static func restore(_ number: Int, customer customerID: UUID, flow: FlowKind, by caller: Caller,
                               on connection: PostgresConnection) throws -> MappingVersion {
        try caller.principal.require(.mappingsWrite)
        let old = try version(number, customer: customerID, flow: flow, for: caller.principal, on: connection)
        let current = try current(customer: customerID, flow: flow, for: caller.principal, on: connection)
        let version = try insert(old.mapping, customer: customerID, flow: flow, note: "Restored version \(number)",
                                 restoredFrom: number, after: current, by: caller, on: connection)
        try AuditLog.record(AuditChange(action: "mapping.restore", partnerID: version.partnerID, customerID: customerID,
                                        targetType: "mapping", targetID: auditTarget(customerID, flow),
                                        before: current.map { MappingAuditSummary($0) },
                                        after: MappingAuditSummary(version, comparedWith: current?.mapping)),
                            by: caller, on: connection)
        return version
    }

    /// Everything wrong with `mapping` as the customer's mapping for `flow`, as field problems
    /// at their places in the document: the mapping's own problems, and lookup tables it names
    /// that the customer does not have.
    public static func problems(of mapping: Mapping, customer customerID: UUID, flow: FlowKind, for principal: Principal,
                                on connection: PostgresConnection) throws -> [FieldProblem] {
        try principal.require(.mappingsRead)
        _ = try Customers.get(customerID, for: principal, on: connection)
        var problems = mapping.problems(for: flow).map { FieldProblem(field: $0.path, message: $0.message) }
        let names = mapping.lookupTableNames
        guard !names.isEmpty else { return problems }
        let existing = Set(try lookupTables(customer: customerID, for: principal, on: connection).map(\.name))
        for (index, rule) in mapping.fields.enumerated() {
            for (transformIndex, transform) in rule.transforms.enumerated() {
                if case .lookup(let name) = transform, MappingName.isValid(name), !existing.contains(name) {
                    problems.append(FieldProblem(field: "fields[\(index)].transforms[\(transformIndex)]",
                                                 message: "this customer has no lookup table named '\(name)'; import it first"))
                }
            }
        }
        return problems
    }

    private static func insert(_ mapping: Mapping, customer customerID: UUID, flow: FlowKind, note: String?, restoredFrom: Int?,
                               after current: MappingVersion?, by caller: Caller,
                               on connection: PostgresConnection) throws -> MappingVersion {
        let principal = caller.principal
        let note = note?.trimmingWhitespace.isEmpty == false ? note?.trimmingWhitespace : nil
        var problems = try problems(of: mapping, customer: customerID, flow: flow, for: principal, on: connection)
        if let note, note.count > maximumNoteLength {
            problems.append(FieldProblem(field: "note", message: "must be at most \(maximumNoteLength) characters"))
        }
        if !problems.isEmpty { throw TenancyError.invalid(problems) }
        return try translatingConflicts(conflicts, on: connection) { connection in
            try decode(connection.query(PostgresQuery(unsafeSQL: insertSQL, binds: [
                principal.partnerID, customerID, flow.rawValue, (current?.version ?? 0) + 1, mapping.json.text, note, restoredFrom,
                principal.userID, principal.email,
            ])).single())
        }
    }

    /// The audit log's target id: the customer and the flow, `…/order-to-erp`.
    static func auditTarget(_ customerID: UUID, _ flow: FlowKind) -> String {
        "\(customerID.uuidString.lowercased())/\(flow.rawValue)"
    }

    static func decode(_ row: PostgresRow) throws -> MappingVersion {
        let (partnerID, customerID, flow, version, document, note, restoredFrom, authorUserID, authorEmail, createdAt) = try row.decode(
            (UUID, UUID, String, Int, String, String?, Int?, UUID?, String, Date).self)
        return MappingVersion(partnerID: partnerID, customerID: customerID, flow: FlowKind(rawValue: flow), version: version,
                              mapping: try Mapping(jsonText: Array(document.utf8)), note: note, restoredFrom: restoredFrom,
                              authorUserID: authorUserID, authorEmail: authorEmail, createdAt: createdAt)
    }
}
