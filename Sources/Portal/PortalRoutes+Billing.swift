import Billing
import Foundation
import HTTP
import Tenancy

// The billing page for partner admins (`pricing:read`): a month's invoices — stored once the
// month is closed, a preview for the running month — and revenue, cost and margin by tier and
// by customer, with CSV downloads. The figures are Billing's (`Margins.of`); this only shows them.
extension PortalRoutes {
    /// How many past months the picker offers.
    static let billingMonthsShown = 12

    func registerBillingPages(on router: Router) {
        router.get("/billing", page(signedIn(.pricingRead, Self.billingPage)))
        router.get("/billing/:month", page(signedIn(.pricingRead, Self.billingPage)))
        router.get("/billing/:month/invoices.csv", page(signedIn(.pricingRead, Self.billingInvoicesCSV)))
        router.get("/billing/:month/margins.csv", page(signedIn(.pricingRead, Self.billingMarginsCSV)))
    }

    /// `GET /billing[/:month]`: the running month when none is named.
    func billingPage(_ visit: PortalVisit) throws -> Response {
        let month = try billingMonth(visit)
        let margins = try Margins.of(month, for: visit.principal, now: visit.now, on: visit.connection)
        let running = BillingMonth(containing: visit.now)
        let tierNames = Dictionary(try Tiers.names(for: visit.principal, on: visit.connection).map { ($0.code, $0.name) },
                                   uniquingKeysWith: { first, _ in first })
        var months: [BillingMonthLinkView] = []
        var shown = running
        for _ in 0...Self.billingMonthsShown {
            months.append(BillingMonthLinkView(name: Self.monthName(shown), path: "/billing/\(shown)", isCurrent: shown == month))
            shown = shown.previous
        }
        func row(_ label: String, _ margin: Margin?, revenue: Money?) -> MarginRowView {
            MarginRowView(label: label, revenue: (margin?.revenue ?? revenue)?.description ?? "—",
                          cost: margin.map { $0.cost.description }, margin: margin.map { $0.margin.description },
                          isLoss: (margin?.margin.amount ?? 0) < 0)
        }
        let invoices = margins.invoices
        return try visit.render(.billing, BillingView(
            chrome: visit.chrome(.billing), monthName: Self.monthName(month), isPreview: month == running,
            isAwaitingClose: month < running && !margins.closed, months: months,
            invoices: invoices.map { invoice in
                InvoiceRowView(customerName: invoice.customerName, customerPath: "/customers/\(invoice.customerID.uuidString.lowercased())",
                               tierName: tierNames[invoice.tierCode] ?? invoice.tierCode,
                               prorated: invoice.daysBilled < invoice.daysInMonth
                                   ? "\(invoice.daysBilled) of \(invoice.daysInMonth) days" : nil,
                               base: invoice.base.description, usage: invoice.usage.formatted(),
                               included: invoice.included.formatted(), overage: invoice.overage.description,
                               total: invoice.total.description)
            },
            tiers: margins.tiers.map { row($0.name, $0.margin, revenue: margins.revenue(tier: $0.code)) },
            customers: zip(invoices, margins.customers).map { invoice, line in row(line.customerName, line.margin, revenue: invoice.total) },
            total: margins.invoices.isEmpty ? nil : row("All customers", margins.total, revenue: margins.revenue()),
            wholesale: margins.wholesale.map {
                "The platform charges \($0.perCustomerMonth) per customer a month and \($0.perThousand) per 1,000 transactions."
            },
            invoicesCSVPath: "/billing/\(month)/invoices.csv", marginsCSVPath: "/billing/\(month)/margins.csv"))
    }

    /// `GET /billing/:month/invoices.csv`: one line per customer, as the API's export.
    func billingInvoicesCSV(_ visit: PortalVisit) throws -> Response {
        let month = try billingMonth(visit)
        let margins = try Margins.of(month, for: visit.principal, now: visit.now, on: visit.connection)
        return .csv(CSVDocument(header: BillingCSV.invoiceHeader, rows: BillingCSV.invoiceRows(margins.invoices)),
                    fileName: "invoices-\(month).csv")
    }

    /// `GET /billing/:month/margins.csv`: revenue, cost and margin per customer, per tier, in total.
    func billingMarginsCSV(_ visit: PortalVisit) throws -> Response {
        let month = try billingMonth(visit)
        let margins = try Margins.of(month, for: visit.principal, now: visit.now, on: visit.connection)
        return .csv(CSVDocument(header: BillingCSV.marginHeader, rows: BillingCSV.marginRows(margins)),
                    fileName: "margins-\(month).csv")
    }

    /// The `:month` path segment (`YYYY-MM`); the running month without one; 404 otherwise.
    private func billingMonth(_ visit: PortalVisit) throws -> BillingMonth {
        guard let text = visit.request.parameters["month"] else { return BillingMonth(containing: visit.now) }
        guard let month = BillingMonth(text: text) else { throw TenancyError.notFound("month") }
        return month
    }

}
