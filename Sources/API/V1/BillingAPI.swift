import Billing
import Foundation
import HTTP
import Tenancy

/// `/billing/…` and `/customers/{id}/invoices`: invoices of closed months (JSON or CSV), the
/// partner's revenue, cost and margin by customer and by tier, and the running month's preview
/// (issue 7 §5). Partner admins only (`pricing:read`). The computation and its rules are
/// Billing's (`Invoice`, `BilledCustomer`, `UsageMeter`, `Margins.of`); this file only shapes them.
enum BillingAPI {
    static let monthParameter = EndpointParameter(path: "month", .string(pattern: MarginsAPI.monthPattern),
                                                  description: "`YYYY-MM`, a calendar month in UTC.")

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        [
            gateway.endpoint(.get, "/billing/months/{month}/invoices", operationID: "listMonthInvoices",
                             summary: "A closed month's invoices (CSV with `Accept: text/csv`)", tag: "billing",
                             permission: .pricingRead, parameters: [monthParameter], response: BillingJSON.monthInvoices) { context in
                let month = try month(in: context.request)
                let invoices = try Invoices.list(month, for: context.principal, on: context.connection)
                if accepts(csv: context.request) { return csv(invoices, month: month) }
                return try .json(BillingJSON.MonthInvoices(month: month.description,
                                                           closed: try isClosed(month, context),
                                                           invoices: invoices.map(BillingJSON.InvoiceLine.init)))
            },
            gateway.endpoint(.get, "/billing/months/{month}/invoices.csv", operationID: "exportMonthInvoices",
                             summary: "A closed month's invoices as CSV, one line per customer", tag: "billing",
                             permission: .pricingRead, parameters: [monthParameter], responseMediaType: "text/csv") { context in
                let month = try month(in: context.request)
                return csv(try Invoices.list(month, for: context.principal, on: context.connection), month: month)
            },
            gateway.endpoint(.get, "/billing/months/{month}/summary", operationID: "getMonthBillingSummary",
                             summary: "Revenue, wholesale cost and margin by customer and by tier for a month",
                             tag: "billing", permission: .pricingRead, parameters: [monthParameter],
                             response: BillingJSON.summary, problems: [.conflict]) { context in
                let month = try month(in: context.request)
                return try .json(try summary(month, context))
            },
            gateway.endpoint(.get, "/billing/months/{month}/summary.csv", operationID: "exportMonthBillingSummary",
                             summary: "Revenue, wholesale cost and margin by customer for a month, as CSV",
                             tag: "billing", permission: .pricingRead, parameters: [monthParameter],
                             responseMediaType: "text/csv", problems: [.conflict]) { context in
                let month = try month(in: context.request)
                return marginsCSV(try margins(month, context))
            },
            gateway.endpoint(.get, "/billing/preview", operationID: "getBillingPreview",
                             summary: "The running month's invoices and margins so far (not stored)", tag: "billing",
                             permission: .pricingRead, response: BillingJSON.summary, problems: [.conflict]) { context in
                try .json(try summary(BillingMonth(containing: context.now), context))
            },
            gateway.endpoint(.get, "/customers/{id}/invoices", operationID: "listCustomerInvoices",
                             summary: "A customer's invoices, newest month first", tag: "billing", permission: .pricingRead,
                             parameters: [EndpointParameter(path: "id", .uuid)], response: BillingJSON.customerInvoices) { context in
                let invoices = try Invoices.list(customer: try context.request.uuidParameter("id"), for: context.principal,
                                                 on: context.connection)
                return try .json(BillingJSON.CustomerInvoices(invoices: invoices.map(BillingJSON.InvoiceLine.init)))
            },
            gateway.endpoint(.get, "/partners/{id}/bills/{month}", operationID: "getPartnerBill",
                             summary: "What the platform billed a partner for a closed month", tag: "partners",
                             permission: .partnersRead, reach: .platform,
                             parameters: [EndpointParameter(path: "id", .uuid), monthParameter],
                             response: BillingJSON.partnerBill) { context in
                let id = try context.request.uuidParameter("id")
                let month = try month(in: context.request)
                let partner = try Partners.get(id, on: context.connection)
                guard let bill = try PartnerBills.get(partner.id, month: month, for: context.principal, on: context.connection) else {
                    throw ProblemError.notFound("bill")
                }
                return try .json(BillingJSON.PartnerBillBody(bill))
            },
        ]
    }

    /// The `{month}` path parameter; a 400 naming it when it is not `YYYY-MM`.
    static func month(in request: Request) throws(ProblemError) -> BillingMonth {
        guard let text = request.parameters["month"], let month = BillingMonth(text: text) else {
            throw .invalidParameters([FieldError(field: "month", message: "must be a month such as 2026-11")])
        }
        return month
    }

    static func accepts(csv request: Request) -> Bool {
        request.headers["Accept"]?.lowercased().split(separator: ",").contains {
            $0.split(separator: ";").first?.trimmingCharacters(in: .whitespaces) == "text/csv"
        } ?? false
    }

    static func isClosed(_ month: BillingMonth, _ context: APIContext) throws -> Bool {
        try PartnerBills.get(context.principal.partnerID, month: month, for: context.principal, on: context.connection) != nil
    }

    static func margins(_ month: BillingMonth, _ context: APIContext) throws -> MonthMargins {
        do {
            return try Margins.of(month, for: context.principal, now: context.now, on: context.connection)
        } catch let error as BillingError {
            throw ProblemError(error)
        }
    }

    static func summary(_ month: BillingMonth, _ context: APIContext) throws -> BillingJSON.Summary {
        BillingJSON.Summary(try margins(month, context))
    }

    /// One line per customer: customer, tier, base, usage, included, overage, total, currency.
    static func csv(_ invoices: [Invoice], month: BillingMonth) -> Response {
        csvResponse(BillingCSV.invoiceHeader, BillingCSV.invoiceRows(invoices), fileName: "invoices-\(month).csv")
    }

    /// The partner's margin view: one line per customer, then one per tier, then the total.
    static func marginsCSV(_ margins: MonthMargins) -> Response {
        csvResponse(BillingCSV.marginHeader, BillingCSV.marginRows(margins), fileName: "margins-\(margins.month).csv")
    }

    static func csvResponse(_ header: [String], _ rows: [[String?]], fileName: String) -> Response {
        .csv(CSVDocument(header: header, rows: rows), fileName: fileName)
    }
}
