import Billing
import Flows
import Foundation
import HTTP
import Monitoring
import Tenancy

// The SLA pages (issue 7 §2–3). A customer's dashboard (`/customers/:id/sla`), its printable
// month report (`…/sla/YYYY-MM`) and that report as CSV (`…/sla/YYYY-MM.csv`) are for everyone
// who may read the customer's messages — a customer viewer reaches only their own customer
// (`Customers.get` answers 404 for another, as every customer page does). The at-risk list
// (`/sla`) names every customer with its tier and targets, so it takes `tiers:read`: partner
// admins and operators hold it, customer viewers (and platform admins) do not.
//
// Cost: a month is read from Monitoring's rollups (`SLAReports.month`, `SLAMonthFigures`), the
// queue from its partial index (`QueueState`), and the open exceptions with one LIMITed list —
// nothing here scans a customer's messages, so the page costs the same at a thousand messages
// or at millions.
extension PortalRoutes {
    /// How many months the dashboard's history shows.
    static let slaHistoryMonths = 12
    /// How many open exceptions the dashboard lists.
    static let slaLatestExceptions = 5
    /// How many messages needing attention are read to count the unresolved ones.
    static let slaExceptionsCounted = 100

    func registerSLAPages(on router: Router) {
        router.get("/sla", page(signedIn(.tiersRead, Self.slaAtRisk)))
        router.get("/customers/:id/sla", page(signedIn(.messagesRead, Self.slaDashboard)))
        router.get("/customers/:id/sla/:month", page(signedIn(.messagesRead, Self.slaMonthReport)))
    }

    /// `GET /customers/:id/sla?month=YYYY-MM`.
    func slaDashboard(_ visit: PortalVisit) throws -> Response {
        let customer = try Customers.get(try Self.id(visit, "id"), for: visit.principal, on: visit.connection)
        let current = BillingMonth(containing: visit.now)
        guard let month = try chosenMonth(visit.request.queryParameters["month"], current: current) else {
            return try monthRefusal(visit)
        }
        let partnerID = visit.principal.partnerID
        // The viewer's own scope throughout: Migrations/0016's customer_sla_targets lets a viewer
        // read the targets (never the prices) of their own tier.
        let report = try SLAReports.month(month, partnerID: partnerID, customerID: customer.id, now: visit.now, on: visit.connection)
        let history = try SLAMonthFigures.lastMonths(Self.slaHistoryMonths, through: month, partnerID: partnerID,
                                                     customerID: customer.id, now: visit.now, on: visit.connection)
        guard let report else { throw TenancyError.notFound("customer") }
        let base = Self.slaPath(customer.id)
        let monthLink = { (month: BillingMonth) in "\(base)?month=\(month)" }
        let isPartnerUser = !visit.principal.role.isCustomerScoped
        let showsHealth = month == current
        let health = showsHealth ? try flowHealth(customer.id, visit) : nil
        return try visit.render(.sla, SLADashboardView(
            chrome: visit.chrome(isPartnerUser ? .customers : .sla), customerName: customer.name,
            customerPath: isPartnerUser ? Self.path(of: customer) : nil, monthTitle: SLAFormat.monthTitle(month),
            isProvisional: !report.isFinal, tierName: report.targets.tierName,
            standing: SLAPages.badge(history.last?.standing ?? (report.judgement.met ? .met : .missed), isFinal: report.isFinal),
            measures: SLAPages.measures(report, monthMinutes: history.last?.monthMinutes ?? report.availability.minutes),
            percentiles: SLAPages.percentiles(report),
            picker: SLAPages.picker(showing: month, current: current, path: monthLink),
            reportPath: "\(base)/\(month)", csvPath: "\(base)/\(month).csv",
            daily: SLADailyChartView(month: month, days: report.days), hasDays: !report.days.isEmpty,
            history: SLAMonthsChartView(months: history),
            historyRows: SLAPages.historyRows(history, now: visit.now, path: monthLink),
            incidents: SLAPages.incidents(report), hasIncidents: !report.incidents.isEmpty,
            showsHealth: showsHealth, flows: health?.flows ?? [], problems: health?.problems ?? [],
            hasProblems: !(health?.problems.isEmpty ?? true), openExceptions: health?.openExceptions ?? "0",
            hasOpenExceptions: !(health?.latest.isEmpty ?? true), latestExceptions: health?.latest ?? [],
            exceptionsPath: isPartnerUser ? Self.path(of: customer) + "/messages?status=exception" : nil))
    }

    /// `GET /customers/:id/sla/YYYY-MM` (the printable report) and `…/YYYY-MM.csv`.
    func slaMonthReport(_ visit: PortalVisit) throws -> Response {
        let customer = try Customers.get(try Self.id(visit, "id"), for: visit.principal, on: visit.connection)
        let parameter = visit.request.parameters["month"] ?? ""
        let isCSV = parameter.hasSuffix(".csv")
        guard let month = try chosenMonth(isCSV ? String(parameter.dropLast(4)) : parameter,
                                          current: BillingMonth(containing: visit.now)) else {
            return try monthRefusal(visit)
        }
        let found = try SLAReports.month(month, partnerID: visit.principal.partnerID, customerID: customer.id, now: visit.now,
                                         on: visit.connection)
        let figures = try SLAMonthFigures.month(month, partnerID: visit.principal.partnerID, customerID: customer.id, now: visit.now,
                                                on: visit.connection).first
        guard let report = found else { throw TenancyError.notFound("customer") }
        let base = Self.slaPath(customer.id)
        if isCSV {
            // Named after the month, never the customer: no user text in the header.
            return .csv(CSVDocument(header: SLAReportTable.header, rows: SLAReportTable.rows(report)), fileName: "sla-\(month).csv")
        }
        let flows = SLAPages.flowRows(report)
        return try visit.render(.slaReport, SLAReportView(
            chrome: visit.chrome(visit.principal.role.isCustomerScoped ? .sla : .customers), customerName: customer.name,
            monthTitle: SLAFormat.monthTitle(month), isProvisional: !report.isFinal,
            measuredAt: PortalFormat.minute(min(report.measuredAt, report.end)), tierName: report.targets.tierName,
            standing: SLAPages.badge(figures?.standing ?? (report.judgement.met ? .met : .missed), isFinal: report.isFinal),
            measures: SLAPages.measures(report, monthMinutes: figures?.monthMinutes ?? report.availability.minutes),
            percentiles: SLAPages.percentiles(report),
            daily: SLADailyChartView(month: month, days: report.days), hasDays: !report.days.isEmpty,
            incidents: SLAPages.incidents(report), hasIncidents: !report.incidents.isEmpty,
            flows: flows, hasFlows: !flows.isEmpty, dashboardPath: "\(base)?month=\(month)", csvPath: "\(base)/\(month).csv"))
    }

    /// `GET /sla?month=YYYY-MM`: the partner's customers, missed first, then at risk.
    func slaAtRisk(_ visit: PortalVisit) throws -> Response {
        let current = BillingMonth(containing: visit.now)
        guard let month = try chosenMonth(visit.request.queryParameters["month"], current: current) else {
            return try monthRefusal(visit)
        }
        let isFinal = month.next.firstDay <= visit.now
        let customers = try SLAMonthFigures.atRisk(month, partnerID: visit.principal.partnerID, now: visit.now, on: visit.connection)
        let tally = Dictionary(grouping: customers, by: \.standing).mapValues(\.count)
        let words = SLAStanding.allCases.compactMap { standing in
            tally[standing].map { "\($0) \(SLAPages.badge(standing, isFinal: isFinal).text.lowercased())" }
        }
        return try visit.render(.slaRisk, SLARiskView(
            chrome: visit.chrome(.sla), monthTitle: SLAFormat.monthTitle(month), isProvisional: !isFinal,
            picker: SLAPages.picker(showing: month, current: current) { "/sla?month=\($0)" },
            rows: customers.map { figures in
                SLAPages.riskRow(figures, isFinal: isFinal, path: "\(Self.slaPath(figures.customerID))?month=\(month)")
            },
            tally: words.isEmpty ? "No customers yet" : words.joined(separator: " · ")))
    }


    static func slaPath(_ customerID: UUID) -> String { "/customers/\(customerID.uuidString.lowercased())/sla" }

    /// The month the query names (`YYYY-MM`), or the current one when it names none; nil when
    /// the value is not a month or lies in the future.
    private func chosenMonth(_ text: String?, current: BillingMonth) throws -> BillingMonth? {
        guard let text else { return current }
        guard let month = SLAFormat.month(parsing: text), month <= current else { return nil }
        return month
    }

    /// The 400 page for a `month` that is not one.
    private func monthRefusal(_ visit: PortalVisit) throws -> Response {
        try errorPage(visit.site.templates, visit.request, status: .badRequest, title: "No such month",
                      message: "The address's month must be written YYYY-MM, such as 2026-03, and not be after this month.")
    }
}
