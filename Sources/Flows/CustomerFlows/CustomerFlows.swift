import Connectors
public import Foundation
public import Postgres
public import Tenancy

/// Switching flows on per customer environment (Migrations/0011). A flow's connections must be
/// of its environment (the schema refuses anything else) and of the kinds its template reads
/// and writes; changes are audited. Wiring flows to connections is connecting a customer's
/// systems, so it takes the connection permissions.
public enum CustomerFlows {
    static let columns = """
        id, partner_id, customer_id, environment_id, environment_kind, flow, status, paused_reason,
        source_connection_id, target_connection_id, options
        """
    static let listSQL = """
        SELECT \(columns) FROM customer_flows WHERE partner_id = $1 AND customer_id = $2 ORDER BY environment_kind DESC, flow
        """
    static let getSQL = "SELECT \(columns) FROM customer_flows WHERE partner_id = $1 AND environment_id = $2 AND flow = $3"
    static let upsertSQL = """
        INSERT INTO customer_flows (partner_id, customer_id, environment_id, environment_kind, flow, source_connection_id,
                                    target_connection_id, options)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (partner_id, environment_id, flow) DO UPDATE SET
            source_connection_id = EXCLUDED.source_connection_id, target_connection_id = EXCLUDED.target_connection_id,
            options = EXCLUDED.options
        RETURNING \(columns)
        """
    static let statusSQL = """
        UPDATE customer_flows SET status = $4, paused_reason = $5 WHERE partner_id = $1 AND environment_id = $2 AND flow = $3
        RETURNING \(columns)
        """

    /// The customer's flows, sandbox first.
    public static func list(customer customerID: UUID, for principal: Principal,
                            on connection: PostgresConnection) throws -> [CustomerFlow] {
        try principal.require(.connectionsRead)
        _ = try Customers.get(customerID, for: principal, on: connection)
        return try connection.query(PostgresQuery(unsafeSQL: listSQL, binds: [principal.partnerID, customerID])).map(decode)
    }

    /// The flow of `flow` in an environment, or nil when it was never switched on.
    public static func get(_ flow: FlowKind, in environmentID: UUID, for principal: Principal,
                           on connection: PostgresConnection) throws -> CustomerFlow? {
        try principal.require(.connectionsRead)
        return try connection.query(PostgresQuery(unsafeSQL: getSQL, binds: [principal.partnerID, environmentID, flow.rawValue]))
            .first.map(decode)
    }

    /// Switches a flow on in one of the customer's environments, or changes its connections
    /// and options, and saves the schedules that poll it (``FlowSchedules``).
    /// - Throws: `TenancyError.invalid` naming `source_connection_id` / `target_connection_id`
    ///   when a connection is of the other environment or of a kind the template cannot use, and
    ///   `options.<name>` for an option that does not read (``FlowOptions``).
    public static func configure(_ configuration: FlowConfiguration, customer customerID: UUID, by caller: Caller,
                                 at now: Date = Date(), on connection: PostgresConnection) throws -> CustomerFlow {
        try caller.principal.require(.connectionsWrite)
        let environment = try Environments.get(configuration.environmentID, for: caller.principal, on: connection)
        guard environment.customerID == customerID else { throw TenancyError.notFound("environment") }
        var problems = FlowOptions.problems(configuration.options, for: configuration.flow)
        var kindsByID: [UUID: ConnectorKind] = [:]
        let posConnectionID = configuration.options[FlowOptions.posConnectionID].flatMap(UUID.init(uuidString:))
        for (field, id, kinds) in [("source_connection_id", configuration.sourceConnectionID, configuration.flow.sourceKinds),
                                   ("target_connection_id", configuration.targetConnectionID, configuration.flow.targetKinds),
                                   ("options.\(FlowOptions.posConnectionID)", posConnectionID, [ConnectorKind.trytonPOS])] {
            guard let id else {
                if !kinds.isEmpty && !field.hasPrefix("options.") {
                    problems.append(FieldProblem(field: field, message: "is required for \(configuration.flow.displayName)"))
                }
                continue
            }
            do {
                let used = try Connections.usable(id, in: environment.id, for: caller.principal, on: connection)
                kindsByID[used.id] = used.kind
                if !kinds.contains(used.kind) {
                    problems.append(FieldProblem(field: field, message: "is a \(used.kind) connection; \(configuration.flow.displayName) "
                        + "needs one of \(kinds.map(\.rawValue).sorted().joined(separator: ", "))"))
                }
            } catch TenancyError.invalid(let refused) {
                problems += refused.map { FieldProblem(field: field, message: $0.message) }
            } catch TenancyError.notFound {
                problems.append(FieldProblem(field: field, message: "names no connection of this customer"))
            }
        }
        guard problems.isEmpty else { throw TenancyError.invalid(problems) }
        let before = try get(configuration.flow, in: environment.id, for: caller.principal, on: connection)
        let after = try decode(connection.query(PostgresQuery(unsafeSQL: upsertSQL, binds: [
            caller.principal.partnerID, customerID, environment.id, environment.kind.rawValue, configuration.flow.rawValue,
            configuration.sourceConnectionID, configuration.targetConnectionID, PostgresJSON(configuration.options),
        ])).single())
        try FlowSchedules.save(for: after, feeds: FlowFeed.feeds(of: after, kinds: kindsByID),
                               takesFiles: after.sourceConnectionID.flatMap { kindsByID[$0] } == .fileDrop, now: now, on: connection)
        try AuditLog.record(AuditChange(action: before == nil ? "flow.create" : "flow.update", partnerID: after.partnerID,
                                        customerID: customerID, targetType: "flow", targetID: after.id.uuidString,
                                        before: before, after: after),
                            by: caller, on: connection)
        return after
    }

    /// Pauses a flow with the reason people see, or resumes it (`reason` nil).
    public static func setPaused(_ flow: FlowKind, in environmentID: UUID, reason: String?, by caller: Caller,
                                 on connection: PostgresConnection) throws -> CustomerFlow {
        try caller.principal.require(.connectionsWrite)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let reason, !(1...1000).contains(reason.count) { throw TenancyError.invalid("reason", "must be 1–1000 characters") }
        guard let before = try get(flow, in: environmentID, for: caller.principal, on: connection) else {
            throw TenancyError.notFound("flow")
        }
        let after = try decode(connection.query(PostgresQuery(unsafeSQL: statusSQL, binds: [
            caller.principal.partnerID, environmentID, flow.rawValue,
            (reason == nil ? Connection.Status.active : .paused).rawValue, reason,
        ])).single())
        try AuditLog.record(AuditChange(action: reason == nil ? "flow.resume" : "flow.pause", partnerID: after.partnerID,
                                        customerID: after.customerID, targetType: "flow", targetID: after.id.uuidString,
                                        before: before, after: after),
                            by: caller, on: connection)
        return after
    }

    static let byIDSQL = "SELECT \(columns) FROM customer_flows WHERE partner_id = $1 AND id = $2"

    /// A flow by its id, or nil.
    public static func get(id: UUID, for principal: Principal, on connection: PostgresConnection) throws -> CustomerFlow? {
        try principal.require(.connectionsRead)
        return try connection.query(PostgresQuery(unsafeSQL: byIDSQL, binds: [principal.partnerID, id])).first.map(decode)
    }

    static func decode(_ row: PostgresRow) throws -> CustomerFlow {
        let (id, partnerID, customerID, environmentID, environmentKind, flow, status, pausedReason, source, target, options) =
            try row.decode((UUID, UUID, UUID, UUID, String, String, String, String?, UUID?, UUID?,
                            PostgresJSON<[String: String]>).self)
        return CustomerFlow(id: id, partnerID: partnerID, customerID: customerID, environmentID: environmentID,
                            environmentKind: Tenancy.Environment.Kind(rawValue: environmentKind) ?? .sandbox,
                            flow: FlowKind(rawValue: flow), status: Connection.Status(rawValue: status) ?? .paused,
                            pausedReason: pausedReason, sourceConnectionID: source, targetConnectionID: target,
                            options: options.value)
    }
}
