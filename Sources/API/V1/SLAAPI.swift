import Billing
import Foundation
import HTTP
import Monitoring
import Tenancy

/// SLA reports (issue 7 §2): a customer's month or any range of whole hours against its
/// tier's targets, as JSON or CSV; its last twelve months; what waits in its queue now; and
/// the partner's customers this month, worst first. Reading a customer's service is message
/// reading (customer viewers see their own); the partner-wide page compares customers by tier,
/// so it takes `tiers:read`, which customer viewers lack.
enum SLAAPI {
    /// The longest range one report covers.
    static let maximumRange: TimeInterval = 366 * 86_400

    static let monthParameter = EndpointParameter(query: "month", .string(pattern: "^[0-9]{4}-[0-9]{2}$"),
                                                  description: "The calendar month (UTC), YYYY-MM; the current one by default.")
    static let lastMonthParameter = EndpointParameter(query: "month", .string(pattern: "^[0-9]{4}-[0-9]{2}$"),
                                                      description: "The last of the twelve months, YYYY-MM; the current one by default.")
    static let rangeParameters = [
        EndpointParameter(query: "from", .dateTime, description: "Instead of a month: the period's start, on a whole hour (UTC)."),
        EndpointParameter(query: "to", .dateTime, description: "With from: the period's end (exclusive), on a whole hour, at most 366 days later."),
    ]

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        let customer = FlowsAPI.customerParameter
        return [
            gateway.endpoint(.get, "/customers/{id}/sla", operationID: "getCustomerSLA",
                             summary: "A customer's SLA report for a month (or a range) against its tier's targets", tag: "sla",
                             permission: .messagesRead, parameters: [customer, monthParameter] + rangeParameters,
                             response: SLAJSON.report) { context in
                try .json(SLAJSON.Report(try report(context)))
            },
            gateway.endpoint(.get, "/customers/{id}/sla/export", operationID: "exportCustomerSLA",
                             summary: "The same report as CSV: one row per measure, flow, day and incident", tag: "sla",
                             permission: .messagesRead, parameters: [customer, monthParameter] + rangeParameters,
                             responseMediaType: "text/csv") { context in
                let report = try report(context)
                return .csv(CSVDocument(header: SLAReportTable.header, rows: SLAReportTable.rows(report)),
                            fileName: "sla-\(SLAJSON.day(report.start))-\(SLAJSON.day(report.end.addingTimeInterval(-1))).csv")
            },
            gateway.endpoint(.get, "/customers/{id}/sla/months", operationID: "listCustomerSLAMonths",
                             summary: "A customer's last twelve months against its tier, oldest first", tag: "sla",
                             permission: .messagesRead, parameters: [customer, lastMonthParameter],
                             response: SLAJSON.standingList) { context in
                let customerID = try context.request.uuidParameter("id")
                _ = try Customers.get(customerID, for: context.principal, on: context.connection)
                let months = try SLAMonthFigures.lastMonths(12, through: try month(context), partnerID: context.principal.partnerID,
                                                            customerID: customerID, now: context.now, on: context.connection)
                return try .json(SLAJSON.StandingList(data: months.map(SLAJSON.Standing.init)))
            },
            gateway.endpoint(.get, "/customers/{id}/queue", operationID: "getCustomerQueue",
                             summary: "What waits in a customer's flows now: depth and the oldest message's age", tag: "sla",
                             permission: .messagesRead, parameters: [customer], response: SLAJSON.queue) { context in
                let customerID = try context.request.uuidParameter("id")
                _ = try Customers.get(customerID, for: context.principal, on: context.connection)
                let states = try QueueState.current(partnerID: context.principal.partnerID, customerID: customerID,
                                                    on: context.connection)
                return try .json(SLAJSON.QueueList(data: states.map {
                    .init(flow: $0.flow, environment: $0.environmentKind, waiting: $0.waiting, retrying: $0.retrying,
                          oldestReceivedAt: $0.oldestReceivedAt, oldestAgeSeconds: Int($0.oldestAge(at: context.now)))
                }))
            },
            gateway.endpoint(.get, "/sla/standings", operationID: "listSLAStandings",
                             summary: "Every customer's month so far against its tier: missed first, then at risk", tag: "sla",
                             permission: .tiersRead, parameters: [monthParameter], response: SLAJSON.standingList) { context in
                let rows = try SLAMonthFigures.atRisk(try month(context), partnerID: context.principal.partnerID, now: context.now,
                                                      on: context.connection)
                return try .json(SLAJSON.StandingList(data: rows.map(SLAJSON.Standing.init)))
            },
        ]
    }

    /// The `month` query parameter, or the month of now.
    static func month(_ context: APIContext) throws(ProblemError) -> BillingMonth {
        guard let text = context.request.queryParameters["month"] else { return BillingMonth(containing: context.now) }
        let parts = text.split(separator: "-")
        guard text.count == 7, parts.count == 2, let year = Int(parts[0]), let number = Int(parts[1]),
              let month = BillingMonth(year: year, month: number) else {
            throw ProblemError.invalidParameters([FieldError(field: "month", message: "must be a month such as 2026-03")])
        }
        return month
    }

    /// The report the request asks for: `from`/`to`, else `month`.
    static func report(_ context: APIContext) throws -> SLAReport {
        let customerID = try context.request.uuidParameter("id")
        let query = context.request.queryParameters
        let start: Date
        let end: Date
        if query["from"] != nil || query["to"] != nil {
            var errors: [FieldError] = []
            let from = query["from"].flatMap(APIJSON.parseTimestamp)
            let to = query["to"].flatMap(APIJSON.parseTimestamp)
            func onHour(_ date: Date?) -> Bool { date.map { $0.timeIntervalSince1970.truncatingRemainder(dividingBy: 3600) == 0 } ?? false }
            if !onHour(from) { errors.append(FieldError(field: "from", message: "must be an RFC 3339 time on a whole hour, e.g. 2026-03-01T00:00:00Z")) }
            if !onHour(to) { errors.append(FieldError(field: "to", message: "must be an RFC 3339 time on a whole hour, e.g. 2026-04-01T00:00:00Z")) }
            if let from, let to, errors.isEmpty, !(from < to && to.timeIntervalSince(from) <= maximumRange) {
                errors.append(FieldError(field: "to", message: "must be after from and at most 366 days later"))
            }
            guard errors.isEmpty, let from, let to else { throw ProblemError.invalidParameters(errors) }
            (start, end) = (from, to)
        } else {
            let month = try month(context)
            (start, end) = (month.firstDay, month.next.firstDay)
        }
        guard let report = try SLAReports.report(partnerID: context.principal.partnerID, customerID: customerID, from: start, to: end,
                                                 now: context.now, on: context.connection) else {
            throw ProblemError.notFound("customer")
        }
        return report
    }
}
