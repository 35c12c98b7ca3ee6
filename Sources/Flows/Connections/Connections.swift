public import Connectors
public import Foundation
public import Postgres
public import Tenancy

/// Reading and changing a customer's connections (Migrations/0005). Settings are validated
/// against the connector's descriptor field by field; secret fields are sealed into `secrets`
/// (one row per field, purpose `connection/<id>/<field>`) and never come back out except as a
/// `ConnectionConfiguration` for the connector itself. Every change is audited, without secrets.
///
/// Like Tenancy's stores: static functions on a connection already inside the caller's tenant
/// transaction, `partner_id` named in every statement, row-level security as the safety net.
public enum Connections {
    static let columns = """
        id, partner_id, customer_id, environment_id, environment_kind, kind, name, settings, secret_fields, endpoint,
        status, paused_reason, last_tested_at, last_test_succeeded, last_test_summary, created_at, updated_at
        """
    static let listSQL = """
        SELECT \(columns) FROM connections WHERE partner_id = $1 AND customer_id = $2
        ORDER BY environment_kind DESC, lower(name), id
        """
    static let getSQL = "SELECT \(columns) FROM connections WHERE partner_id = $1 AND id = $2"
    // Serialises changes to one customer's connections, so the sandbox/production rule below
    // cannot be raced by two saves at once.
    static let lockCustomerSQL = "SELECT id FROM customers WHERE partner_id = $1 AND id = $2 FOR UPDATE"
    static let crossEnvironmentSQL = """
        SELECT name, environment_kind FROM connections
        WHERE partner_id = $1 AND customer_id = $2 AND endpoint = $3 AND environment_kind <> $4 AND id <> $5 LIMIT 1
        """
    static let insertSQL = """
        INSERT INTO connections (partner_id, id, customer_id, environment_id, environment_kind, kind, name, settings,
                                 secret_fields, endpoint)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING \(columns)
        """
    static let updateSQL = """
        UPDATE connections SET name = $3, settings = $4, secret_fields = $5, endpoint = $6
        WHERE partner_id = $1 AND id = $2 RETURNING \(columns)
        """
    static let statusSQL = """
        UPDATE connections SET status = $3, paused_reason = $4 WHERE partner_id = $1 AND id = $2 RETURNING \(columns)
        """
    static let testSQL = """
        UPDATE connections SET last_tested_at = $3, last_test_succeeded = $4, last_test_summary = $5
        WHERE partner_id = $1 AND id = $2 RETURNING \(columns)
        """
    static let deleteSQL = "DELETE FROM connections WHERE partner_id = $1 AND id = $2"
    static let conflicts = [
        "connections_partner_id_customer_id_environment_id_name_key":
            FieldProblem(field: "name", message: "is already the name of another connection in this environment"),
    ]

    /// The customer's connections, sandbox first, by name.
    public static func list(customer customerID: UUID, for principal: Principal,
                            on connection: PostgresConnection) throws -> [Connection] {
        try principal.require(.connectionsRead)
        _ = try Customers.get(customerID, for: principal, on: connection)
        return try connection.query(PostgresQuery(unsafeSQL: listSQL, binds: [principal.partnerID, customerID])).map(decode)
    }

    /// One connection; `notFound("connection")` when it is not the principal's to see.
    public static func get(_ id: UUID, for principal: Principal, on connection: PostgresConnection) throws -> Connection {
        try principal.require(.connectionsRead)
        guard let row = try connection.query(PostgresQuery(unsafeSQL: getSQL, binds: [principal.partnerID, id])).first else {
            throw TenancyError.notFound("connection")
        }
        return try decode(row)
    }

    /// The connection a flow of `environmentID` may use: refused when it belongs to the other
    /// environment (sandbox traffic never reaches production, DESIGN.md Tenancy) or is paused.
    public static func usable(_ id: UUID, in environmentID: UUID, for principal: Principal,
                              on connection: PostgresConnection) throws -> Connection {
        let found = try get(id, for: principal, on: connection)
        guard found.environmentID == environmentID else {
            let environment = try Environments.get(environmentID, for: principal, on: connection)
            throw TenancyError.invalid("connection_id", "belongs to the \(found.environmentKind.rawValue) environment; "
                                       + "a \(environment.kind.rawValue) flow cannot use it")
        }
        guard found.status == .active else {
            throw TenancyError.invalid("connection_id", "is paused: \(found.pausedReason ?? "resume it first")")
        }
        return found
    }

    /// Creates a connection in one of the customer's environments.
    /// - Throws: `TenancyError.invalid` naming each field the descriptor refuses, or the kind;
    ///   `conflict` on `name`, or on the endpoint field when the same system is already the
    ///   customer's connection in the other environment.
    public static func create(_ new: NewConnection, customer customerID: UUID, catalog: ConnectorCatalog, box: SecretBox?,
                              by caller: Caller, on connection: PostgresConnection) throws -> Connection {
        try caller.principal.require(.connectionsWrite)
        guard let descriptor = catalog.descriptor(new.kind) else {
            throw TenancyError.invalid("kind", "must be one of \(catalog.entries.map(\.descriptor.kind.rawValue).joined(separator: ", "))")
        }
        let name = try checkedName(new.name)
        let environment = try Environments.get(new.environmentID, for: caller.principal, on: connection)
        guard environment.customerID == customerID else { throw TenancyError.notFound("environment") }
        let split = try ConnectionValues(descriptor: descriptor, values: new.values, storedSecrets: [])
        let partnerID = caller.principal.partnerID
        let id = try connection.query(PostgresQuery(unsafeSQL: "SELECT uuid_v7()")).single().decode(UUID.self)
        let endpoint = descriptor.endpoint(of: split.configuration)
        try lockAndCheckEndpoint(endpoint, of: id, customer: customerID, kind: environment.kind, descriptor: descriptor,
                                 partnerID: partnerID, on: connection)
        let created = try translatingConflicts(conflicts, on: connection) { connection in
            try decode(connection.query(PostgresQuery(unsafeSQL: insertSQL, binds: [
                partnerID, id, customerID, environment.id, environment.kind.rawValue, descriptor.kind.rawValue, name,
                PostgresJSON(split.configuration.settings), PostgresJSON(split.secretNames), endpoint,
            ])).single())
        }
        try storeSecrets(split.configuration.secrets, of: created, box: box, by: caller, on: connection)
        try AuditLog.record(AuditChange(action: "connection.create", partnerID: partnerID, customerID: customerID,
                                        targetType: "connection", targetID: id.uuidString, after: created),
                            by: caller, on: connection)
        return created
    }

    /// Renames a connection and/or changes field values; secret fields not given keep theirs.
    public static func update(_ id: UUID, _ changes: ConnectionChanges, catalog: ConnectorCatalog, box: SecretBox?,
                              by caller: Caller, on connection: PostgresConnection) throws -> Connection {
        try caller.principal.require(.connectionsWrite)
        let before = try get(id, for: caller.principal, on: connection)
        guard let descriptor = catalog.descriptor(before.kind) else {
            throw TenancyError.invalid("kind", "\(before.kind) has no connector in this version")
        }
        let name = try checkedName(changes.name ?? before.name)
        var values = before.settings
        for (field, value) in changes.values { values[field] = value }
        let split = try ConnectionValues(descriptor: descriptor, values: values, storedSecrets: Set(before.secretFields))
        let endpoint = descriptor.endpoint(of: split.configuration)
        try lockAndCheckEndpoint(endpoint, of: id, customer: before.customerID, kind: before.environmentKind,
                                 descriptor: descriptor, partnerID: before.partnerID, on: connection)
        let after = try translatingConflicts(conflicts, on: connection) { connection in
            try decode(connection.query(PostgresQuery(unsafeSQL: updateSQL, binds: [
                before.partnerID, id, name, PostgresJSON(split.configuration.settings),
                PostgresJSON(Array(Set(before.secretFields).union(split.secretNames)).sorted()), endpoint,
            ])).single())
        }
        try storeSecrets(split.configuration.secrets, of: after, box: box, by: caller, on: connection)
        try AuditLog.record(AuditChange(action: "connection.update", partnerID: after.partnerID, customerID: after.customerID,
                                        targetType: "connection", targetID: id.uuidString, before: before, after: after),
                            by: caller, on: connection)
        return after
    }

    /// Pauses a connection with the reason people will see; flows leave it alone until resumed.
    public static func pause(_ id: UUID, reason: String, by caller: Caller, on connection: PostgresConnection) throws -> Connection {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...1000).contains(reason.count) else { throw TenancyError.invalid("reason", "must be 1–1000 characters") }
        return try setStatus(id, .paused, reason: reason, action: "connection.pause", by: caller, on: connection)
    }

    /// Resumes a paused connection; the problems that paused it are resolved.
    public static func resume(_ id: UUID, by caller: Caller, at now: Date = Date(), on connection: PostgresConnection) throws -> Connection {
        let resumed = try setStatus(id, .active, reason: nil, action: "connection.resume", by: caller, on: connection)
        try FlowProblems.clear([.credentialsRejected, .connectionRejected], connection: id, partnerID: resumed.partnerID,
                               resolution: "Resumed by \(caller.principal.email).", at: now, on: connection)
        return resumed
    }

    /// Deletes a connection and its secrets.
    public static func delete(_ id: UUID, by caller: Caller, on connection: PostgresConnection) throws {
        try caller.principal.require(.connectionsWrite)
        let before = try get(id, for: caller.principal, on: connection)
        do {
            // Under a savepoint: a connection still used by a flow is refused, not half deleted.
            try connection.transaction { connection in
                _ = try connection.execute(PostgresQuery(unsafeSQL: deleteSQL, binds: [before.partnerID, id]))
            }
        } catch let error as PostgresError where error.code == .foreignKeyViolation {
            throw TenancyError.conflict(FieldProblem(field: "connection", message: "is used by a flow; "
                + "give the flow another connection or switch it off first"))
        }
        for field in before.secretFields {
            try Secrets.delete(before.secretPurpose(field), by: caller, on: connection)
        }
        try AuditLog.record(AuditChange(action: "connection.delete", partnerID: before.partnerID, customerID: before.customerID,
                                        targetType: "connection", targetID: id.uuidString, before: before),
                            by: caller, on: connection)
    }

    /// The connection's values for its connector, secrets decrypted. Only for handing straight
    /// to a connector: never log or show the result.
    public static func configuration(of found: Connection, box: SecretBox?, for principal: Principal,
                                     on connection: PostgresConnection) throws -> ConnectionConfiguration {
        var secrets: [String: String] = [:]
        for field in found.secretFields {
            guard let box else { throw ConnectionSecretsUnavailable() }
            let value = try Secrets.get(found.secretPurpose(field), box: box, for: principal, on: connection)
            secrets[field] = value.revealUTF8() ?? ""
        }
        return ConnectionConfiguration(settings: found.settings, secrets: secrets)
    }

    /// Records the outcome of a "Test connection" and audits it.
    public static func recordTest(_ id: UUID, _ result: ConnectionTestResult, by caller: Caller,
                                  on connection: PostgresConnection) throws -> Connection {
        try caller.principal.require(.connectionsWrite)
        let before = try get(id, for: caller.principal, on: connection)
        let after = try decode(connection.query(PostgresQuery(unsafeSQL: testSQL, binds: [
            before.partnerID, id, result.testedAt, result.succeeded, String(result.summary.prefix(2000)),
        ])).single())
        try AuditLog.record(AuditChange(action: "connection.test", partnerID: after.partnerID, customerID: after.customerID,
                                        targetType: "connection", targetID: id.uuidString, after: after.lastTest),
                            by: caller, on: connection)
        return after
    }

    static func setStatus(_ id: UUID, _ status: Connection.Status, reason: String?, action: String, by caller: Caller,
                          on connection: PostgresConnection) throws -> Connection {
        try caller.principal.require(.connectionsWrite)
        let before = try get(id, for: caller.principal, on: connection)
        let after = try decode(connection.query(PostgresQuery(unsafeSQL: statusSQL, binds: [
            before.partnerID, id, status.rawValue, reason,
        ])).single())
        try AuditLog.record(AuditChange(action: action, partnerID: after.partnerID, customerID: after.customerID,
                                        targetType: "connection", targetID: id.uuidString, before: before, after: after),
                            by: caller, on: connection)
        return after
    }

    static func lockAndCheckEndpoint(_ endpoint: String, of id: UUID, customer customerID: UUID, kind: Environment.Kind,
                                     descriptor: ConnectorDescriptor, partnerID: UUID, on connection: PostgresConnection) throws {
        _ = try connection.query(PostgresQuery(unsafeSQL: lockCustomerSQL, binds: [partnerID, customerID]))
        guard let row = try connection.query(PostgresQuery(unsafeSQL: crossEnvironmentSQL, binds: [
            partnerID, customerID, endpoint, kind.rawValue, id,
        ])).first else { return }
        let (name, otherKind) = try row.decode((String, String).self)
        let field = descriptor.endpointFields.first
            ?? descriptor.fields.first { if case .url = $0.kind { true } else { false } }?.name ?? "endpoint"
        throw TenancyError.conflict(FieldProblem(field: field, message: "reaches the same system as the \(otherKind) connection "
            + "“\(name)”; sandbox and production must use different systems"))
    }

    static func storeSecrets(_ secrets: [String: String], of stored: Connection, box: SecretBox?, by caller: Caller,
                             on connection: PostgresConnection) throws {
        guard !secrets.isEmpty else { return }
        guard let box else { throw ConnectionSecretsUnavailable() }
        for (field, value) in secrets.sorted(by: { $0.key < $1.key }) {
            try Secrets.put(SecretValue(value), purpose: stored.secretPurpose(field), customerID: stored.customerID, box: box,
                            by: caller, on: connection)
        }
    }

    static func checkedName(_ name: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(trimmed.count) else { throw TenancyError.invalid("name", "must be 1–100 characters") }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw TenancyError.invalid("name", "must not contain control characters")
        }
        return trimmed
    }

    static func decode(_ row: PostgresRow) throws -> Connection {
        let (id, partnerID, customerID, environmentID, environmentKind, kind, name, settings, secretFields, endpoint,
             status, pausedReason, testedAt, testSucceeded, testSummary, createdAt, updatedAt) = try row.decode((
                UUID, UUID, UUID, UUID, String, String, String, PostgresJSON<[String: String]>, PostgresJSON<[String]>,
                String, String, String?, Date?, Bool?, String?, Date, Date).self)
        var lastTest: Connection.LastTest?
        if let testedAt, let testSucceeded {
            lastTest = Connection.LastTest(at: testedAt, succeeded: testSucceeded, summary: testSummary ?? "")
        }
        return Connection(
            id: id, partnerID: partnerID, customerID: customerID, environmentID: environmentID,
            environmentKind: Environment.Kind(rawValue: environmentKind) ?? .sandbox, kind: ConnectorKind(rawValue: kind),
            name: name, settings: settings.value, secretFields: secretFields.value, endpoint: endpoint,
            status: Connection.Status(rawValue: status) ?? .paused, pausedReason: pausedReason, lastTest: lastTest,
            createdAt: createdAt, updatedAt: updatedAt)
    }
}

/// Secrets were given or needed but the server has no master key (`COUNTERPART_MASTER_KEY`).
public struct ConnectionSecretsUnavailable: Error, Sendable, CustomStringConvertible {
    /// What the operator must do.
    public var description: String {
        "credentials cannot be stored or read: the server has no master key (set COUNTERPART_MASTER_KEY)"
    }
}
