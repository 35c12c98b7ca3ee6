public import Foundation
import Jobs
public import Postgres
public import Tenancy

/// The `reconciliation_reports` table: one report per flow and day, replaced by a re-run of
/// the day. Reading takes `messages:read` (the report is the summary of the day's exceptions,
/// seen by everyone who sees those); running a day takes `messages:write`.
public enum ReconciliationReports {
    static let columns = """
        partner_id, customer_id, environment_id, flow_id, day::text, time_zone, shop_orders::int8, erp_orders::int8, shop_total, erp_total,
        currency, mismatches, created_at
        """
    static let saveSQL = """
        INSERT INTO reconciliation_reports (partner_id, customer_id, environment_id, flow_id, day, time_zone, shop_orders,
                                            erp_orders, shop_total, erp_total, currency, mismatches, created_at)
        VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8, $9, $10, $11, $12::jsonb, $13)
        ON CONFLICT (partner_id, flow_id, day) DO UPDATE SET time_zone = EXCLUDED.time_zone, shop_orders = EXCLUDED.shop_orders,
            erp_orders = EXCLUDED.erp_orders, shop_total = EXCLUDED.shop_total, erp_total = EXCLUDED.erp_total,
            currency = EXCLUDED.currency, mismatches = EXCLUDED.mismatches, created_at = EXCLUDED.created_at
        """
    static let listSQL = """
        SELECT \(columns) FROM reconciliation_reports
        WHERE partner_id = $1 AND flow_id = $2 AND ($3::date IS NULL OR day < $3::date)
        ORDER BY day DESC LIMIT $4
        """
    static let getSQL = "SELECT \(columns) FROM reconciliation_reports WHERE partner_id = $1 AND flow_id = $2 AND day = $3::date"

    // MARK: People

    /// A page of a flow's reports, newest day first, the days before `before` (the last day of
    /// the previous page).
    public static func list(flow flowID: UUID, before: ReconciliationDay? = nil, limit: Int, for principal: Principal,
                            on connection: PostgresConnection) throws -> [ReconciliationReport] {
        try principal.require(.messagesRead)
        return try connection.query(PostgresQuery(unsafeSQL: listSQL, binds: [
            principal.partnerID, flowID, before?.description, max(1, min(limit, 500)),
        ])).map(decode)
    }

    /// The flow's report of `day`, or nil when the day has not been reconciled.
    public static func get(flow flowID: UUID, day: ReconciliationDay, for principal: Principal,
                           on connection: PostgresConnection) throws -> ReconciliationReport? {
        try principal.require(.messagesRead)
        return try connection.query(PostgresQuery(unsafeSQL: getSQL, binds: [principal.partnerID, flowID, day.description]))
            .first.map(decode)
    }

    /// Queues a run of `day` for the `reconciliation` flow `flowID` (the `flow.reconcile` job),
    /// in the caller's transaction; a re-run replaces the day's report and adds no exception
    /// already raised. Audited.
    /// - Throws: `notFound("flow")` unless the flow is a `reconciliation` flow the caller sees;
    ///   `conflict` naming `flow` when it is paused; `invalid("day")` for a day that has not
    ///   ended yet in the flow's time zone.
    @discardableResult
    public static func requestRun(flow flowID: UUID, day: ReconciliationDay, by caller: Caller, at now: Date,
                                  on connection: PostgresConnection) throws -> Int64? {
        try caller.principal.require(.messagesWrite)
        guard let flow = try CustomerFlows.get(id: flowID, for: caller.principal, on: connection), flow.flow == .reconciliation else {
            throw TenancyError.notFound("flow")
        }
        // A paused flow's job would do nothing: say so now rather than answer "queued".
        guard flow.status == .active else {
            throw TenancyError.conflict(FieldProblem(field: "flow", message: "is paused (\(flow.pausedReason ?? "")); resume it to reconcile"))
        }
        let zone = TimeZone(identifier: flow.options[FlowOptions.timeZone] ?? "UTC") ?? .gmt
        guard let window = day.window(in: zone), window.upperBound <= now else {
            throw TenancyError.invalid("day", "must be a day that has ended in the flow's time zone (\(zone.identifier))")
        }
        let id = try JobQueue.insert(try Reconciliation.job(for: flow, day: day), now: now, on: connection)
        try AuditLog.record(AuditChange(action: "flow.reconcile", partnerID: flow.partnerID, customerID: flow.customerID,
                                        targetType: "flow", targetID: flowID.uuidString, after: ["day": day.description]),
                            by: caller, on: connection)
        return id
    }

    // MARK: The worker

    /// Stores the day's report, replacing an earlier run's.
    static func save(_ report: ReconciliationReport, on connection: PostgresConnection) throws {
        let mismatches = String(decoding: try JSONEncoder().encode(report.mismatches), as: UTF8.self)
        try connection.execute(PostgresQuery(unsafeSQL: saveSQL, binds: [
            report.partnerID, report.customerID, report.environmentID, report.flowID, report.day.description, report.timeZone,
            report.shopOrders, report.erpOrders, report.shopTotal, report.erpTotal, report.currency, mismatches, report.createdAt,
        ]))
    }

    static func decode(_ row: PostgresRow) throws -> ReconciliationReport {
        let (partnerID, customerID, environmentID, flowID, day, timeZone, shopOrders, erpOrders, shopTotal, erpTotal, currency,
             mismatches, createdAt) = try row.decode((UUID, UUID, UUID, UUID, String, String, Int, Int, Decimal, Decimal, String?,
                                                      PostgresJSON<[ReconciliationMismatch]>, Date).self)
        return ReconciliationReport(partnerID: partnerID, customerID: customerID, environmentID: environmentID, flowID: flowID,
                                    day: ReconciliationDay(day) ?? ReconciliationDay(containing: createdAt, in: .gmt),
                                    timeZone: timeZone, shopOrders: shopOrders, erpOrders: erpOrders, shopTotal: shopTotal,
                                    erpTotal: erpTotal, currency: currency, mismatches: mismatches.value, createdAt: createdAt)
    }
}
