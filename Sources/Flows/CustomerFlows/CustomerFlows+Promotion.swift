import Connectors
public import Foundation
public import Postgres
public import Tenancy

/// Promoting a flow's configuration from sandbox to production (issue 6 §7): the difference is
/// shown first, then applied only if it is still the difference that was shown. Production
/// keeps its own connections — a production flow never points at a sandbox system — and takes
/// the sandbox's options and mapping version.
extension CustomerFlows {
    static let currentMappingVersionSQL = """
        SELECT max(version) FROM mapping_versions WHERE partner_id = $1 AND customer_id = $2 AND flow = $3
        """

    /// What promoting the customer's sandbox flow of `flow` to production would change.
    /// - Throws: `notFound("sandbox flow")` when the sandbox has no such flow to promote.
    public static func promotionDiff(_ flow: FlowKind, customer customerID: UUID, for principal: Principal,
                                     on connection: PostgresConnection) throws -> FlowPromotion {
        try principal.require(.connectionsRead)
        let (sandboxEnvironment, productionEnvironment) = try environments(of: customerID, for: principal, on: connection)
        guard let sandbox = try get(flow, in: sandboxEnvironment.id, for: principal, on: connection) else {
            throw TenancyError.notFound("sandbox flow")
        }
        let production = try get(flow, in: productionEnvironment.id, for: principal, on: connection)
        let current = try connection.query(PostgresQuery(unsafeSQL: currentMappingVersionSQL, binds: [
            principal.partnerID, customerID, flow.rawValue,
        ])).single().decode(Int?.self, at: 0)
        // An environment runs its pinned version, or the current one when it pins none.
        func active(_ customerFlow: CustomerFlow) -> Int? {
            customerFlow.options[FlowPromotion.mappingVersionOption].flatMap { Int($0) } ?? current
        }
        return FlowPromotion(flow: flow, customerID: customerID, sandbox: sandbox, production: production,
                             sandboxMappingVersion: active(sandbox), productionMappingVersion: production.flatMap(active))
    }

    /// Applies the sandbox's options and mapping version to production's flow of `flow`, creating
    /// it when production has none, and audits `flow.promote` with production's flow before and
    /// after.
    /// - Throws: `TenancyError.conflict` on `diff_hash` when the difference is no longer the one
    ///   shown (`FlowPromotion.diffHash`); on `source_connection_id` / `target_connection_id`
    ///   when production has no connection of a kind the template needs (or several, and no
    ///   flow yet that says which one).
    public static func promote(_ flow: FlowKind, customer customerID: UUID, diffHash: String, by caller: Caller,
                               on connection: PostgresConnection) throws -> CustomerFlow {
        let principal = caller.principal
        try principal.require(.connectionsWrite)
        let promotion = try promotionDiff(flow, customer: customerID, for: principal, on: connection)
        guard promotion.diffHash == diffHash else {
            throw TenancyError.conflict(FieldProblem(field: "diff_hash", message: "no longer matches: the sandbox or production "
                + "changed since the difference was shown; review it again and promote with the new hash"))
        }
        let (_, productionEnvironment) = try environments(of: customerID, for: principal, on: connection)
        let candidates = try Connections.list(customer: customerID, for: principal, on: connection)
            .filter { $0.environmentID == productionEnvironment.id }
        let source = try productionConnection(promotion.production?.sourceConnectionID, kinds: flow.sourceKinds,
                                              field: "source_connection_id", flow: flow, among: candidates)
        let target = try productionConnection(promotion.production?.targetConnectionID, kinds: flow.targetKinds,
                                              field: "target_connection_id", flow: flow, among: candidates)
        let after = try decode(connection.query(PostgresQuery(unsafeSQL: upsertSQL, binds: [
            principal.partnerID, customerID, productionEnvironment.id, productionEnvironment.kind.rawValue, flow.rawValue,
            source, target, PostgresJSON(promotion.promotedOptions),
        ])).single())
        try AuditLog.record(AuditChange(action: "flow.promote", partnerID: after.partnerID, customerID: customerID,
                                        targetType: "flow", targetID: after.id.uuidString,
                                        before: promotion.production, after: after),
                            by: caller, on: connection)
        return after
    }

    /// The production connection for one side of the flow: the one production's flow already
    /// uses, else the only production connection of a kind the template needs.
    static func productionConnection(_ current: UUID?, kinds: Set<ConnectorKind>, field: String, flow: FlowKind,
                                     among connections: [Connection]) throws -> UUID? {
        if let current { return current }
        guard !kinds.isEmpty else { return nil }
        let fitting = connections.filter { kinds.contains($0.kind) }
        let needed = kinds.map(\.rawValue).sorted().joined(separator: " or ")
        guard let only = fitting.first else {
            throw TenancyError.conflict(FieldProblem(field: field, message: "has no production value: production has no "
                + "\(needed) connection for \(flow.displayName) yet; connect production's system first"))
        }
        guard fitting.count == 1 else {
            throw TenancyError.conflict(FieldProblem(field: field, message: "is ambiguous: production has \(fitting.count) "
                + "\(needed) connections; switch \(flow.displayName) on in production choosing one, then promote"))
        }
        return only.id
    }

    /// The customer's sandbox and production environments.
    static func environments(of customerID: UUID, for principal: Principal,
                             on connection: PostgresConnection) throws -> (sandbox: Tenancy.Environment, production: Tenancy.Environment) {
        let environments = try Environments.list(customer: customerID, for: principal, on: connection)
        guard let sandbox = environments.first(where: { $0.kind == .sandbox }),
              let production = environments.first(where: { $0.kind == .production }) else {
            throw TenancyError.notFound("environment")
        }
        return (sandbox, production)
    }
}
