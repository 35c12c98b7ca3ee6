import Commerce
import Flows
import Foundation
import HTTP
import Tenancy

/// The daily reconciliation's reports (issue 6 §5, `reconciliation`): per day, how many web
/// orders the shop and the ERP hold, their totals, and which orders differ — and running a day
/// now. Reading is message reading (each difference is also an exception message); running a
/// day raises messages, so it takes `messages:write`, and is audited.
enum ReconciliationsAPI {
    struct RunBody: StrictlyDecodable {
        var day: String
        enum CodingKeys: String, CodingKey, CaseIterable { case day }
    }

    struct Queued: Encodable {
        var flowID: UUID
        var day: ReconciliationDay
        var status = "queued"
        enum CodingKeys: String, CodingKey { case flowID = "flow_id", day, status }
    }

    /// A report as the API shows it: amounts as exact decimal strings, never floating point.
    struct ReportJSON: Encodable {
        var report: ReconciliationReport

        enum CodingKeys: String, CodingKey {
            case flowID = "flow_id", day, timeZone = "time_zone", shopOrders = "shop_orders", erpOrders = "erp_orders"
            case shopTotal = "shop_total", erpTotal = "erp_total", currency, mismatches, createdAt = "created_at"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(report.flowID, forKey: .flowID)
            try container.encode(report.day, forKey: .day)
            try container.encode(report.timeZone, forKey: .timeZone)
            try container.encode(report.shopOrders, forKey: .shopOrders)
            try container.encode(report.erpOrders, forKey: .erpOrders)
            let digits = report.currency.flatMap { CurrencyCode($0) }?.minorUnits ?? 2
            try container.encode(DecimalText.format(report.shopTotal, minimumFractionDigits: digits), forKey: .shopTotal)
            try container.encode(DecimalText.format(report.erpTotal, minimumFractionDigits: digits), forKey: .erpTotal)
            try container.encode(report.currency, forKey: .currency)
            try container.encode(report.mismatches, forKey: .mismatches)
            try container.encode(report.createdAt, forKey: .createdAt)
        }
    }

    static let dayPattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    static let kinds = ReconciliationMismatch.Kind.allCases.map(\.rawValue)

    static let mismatch = NamedSchema("ReconciliationMismatch", .object([
        .init("order_number", .string),
        .init("kind", .enumeration(kinds)),
        .init("shop_value", JSONSchema.string.nullable, required: false),
        .init("erp_value", JSONSchema.string.nullable, required: false),
    ]).described("One order the shop and the ERP disagree on, with what each side says (a total such as \"20.00 USD\", or a status)."))

    static let report = NamedSchema("ReconciliationReport", .object([
        .init("flow_id", .uuid),
        .init("day", .string(pattern: dayPattern)),
        .init("time_zone", .string),
        .init("shop_orders", .integer(minimum: 0)),
        .init("erp_orders", .integer(minimum: 0)),
        .init("shop_total", DecimalText.schema(signed: true, "Exact decimal, at least the currency's minor units: \"60.00\".")),
        .init("erp_total", DecimalText.schema(signed: true, "Exact decimal, at least the currency's minor units: \"55.50\".")),
        .init("currency", JSONSchema.string.nullable, required: false),
        .init("mismatches", .array(of: .reference("ReconciliationMismatch"))),
        .init("created_at", .dateTime),
    ]).described("A day of the shop reconciled with the ERP, in the flow's time zone: the web orders that reach the ERP "
                 + "on each side, their totals (the shop's without shipping and fees, which the ERP does not hold as "
                 + "amounts), and what differs. A re-run of the day replaces it."))

    static let run = NamedSchema("ReconciliationRun", .object([.init("day", .string(pattern: dayPattern))])
        .described("The day to reconcile now, e.g. {\"day\": \"2026-11-21\"}: one that has ended in the flow's time zone."))

    static let queued = NamedSchema("ReconciliationQueued", .object([
        .init("flow_id", .uuid),
        .init("day", .string(pattern: dayPattern)),
        .init("status", .enumeration(["queued"])),
    ]).described("The run is queued; its report replaces the day's when it has run."))

    static let schemas = [mismatch, report, run, queued]

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        let parameters = [FlowsAPI.customerParameter, FlowsAPI.environmentParameter, FlowsAPI.flowParameter]
        let dayParameter = EndpointParameter(path: "day", .string(pattern: dayPattern), description: "The day, yyyy-MM-dd.")
        return [
            gateway.endpoint(.get, "/customers/{id}/environments/{environment}/flows/{flow}/reconciliations",
                             operationID: "listReconciliations", summary: "A flow's daily reconciliation reports, newest day first",
                             tag: "flows", permission: .messagesRead, parameters: parameters, response: report,
                             isPaginated: true) { context in
                let flow = try FlowCursorsAPI.customerFlow(context)
                let page = try PageRequest(context.request)
                // The cursor carries the last day shown as its UTC midnight.
                let before = page.cursor?.timestamp.map { ReconciliationDay(containing: $0, in: .gmt) }
                let rows = try ReconciliationReports.list(flow: flow.id, before: before, limit: page.fetchLimit,
                                                          for: context.principal, on: context.connection)
                return try .json(page.page(of: rows.map(ReportJSON.init)) { row in
                    Cursor(after: row.report.day.window(in: .gmt)?.lowerBound ?? row.report.createdAt, id: row.report.flowID)
                })
            },
            gateway.endpoint(.get, "/customers/{id}/environments/{environment}/flows/{flow}/reconciliations/{day}",
                             operationID: "getReconciliation", summary: "One day's reconciliation report with its mismatches",
                             tag: "flows", permission: .messagesRead, parameters: parameters + [dayParameter],
                             response: report) { context in
                let flow = try FlowCursorsAPI.customerFlow(context)
                guard let day = context.request.parameters["day"].flatMap(ReconciliationDay.init) else {
                    throw ProblemError.invalidParameters([FieldError(field: "day", message: "must be a day such as 2026-11-21")])
                }
                guard let found = try ReconciliationReports.get(flow: flow.id, day: day, for: context.principal,
                                                                on: context.connection) else {
                    throw ProblemError.notFound("reconciliation")
                }
                return try .json(ReportJSON(report: found))
            },
            gateway.endpoint(.post, "/customers/{id}/environments/{environment}/flows/{flow}/reconciliations",
                             operationID: "runReconciliation", summary: "Reconcile a day now (queued; the report replaces the day's)",
                             tag: "flows", permission: .messagesWrite, parameters: parameters, requestBody: run,
                             successStatus: .accepted, response: queued, problems: [.conflict]) { context in
                let flow = try FlowCursorsAPI.customerFlow(context)
                let body = try context.request.decodeJSON(RunBody.self)
                guard let day = ReconciliationDay(body.day) else {
                    throw ProblemError.validation([FieldError(field: "/day", message: "must be a day such as 2026-11-21")])
                }
                try ReconciliationReports.requestRun(flow: flow.id, day: day, by: context.caller, at: context.now, on: context.connection)
                return try .json(Queued(flowID: flow.id, day: day), status: .accepted)
            },
        ]
    }
}
