import Billing
import Foundation
import HTTP
import Tenancy

/// `/pricing/margins`: what the partner charges, what the platform charges it, and the
/// difference — per tier (the price list) and per active customer — for one billing month
/// (issue 4 §3). Partner admins only (`pricing:read`): the wholesale price is their business.
enum MarginsAPI {
    struct Report: Encodable {
        var month: String
        var wholesalePrice: WholesalePricesAPI.DatedJSON?
        var tiers: [TierLine]
        var customers: [CustomerLine]
    }

    struct TierLine: Encodable {
        var code: String
        var name: String
        var price: MoneyJSON?
        var cost: MoneyJSON?
        var margin: MoneyJSON?
    }

    struct CustomerLine: Encodable {
        var customerID: UUID
        var customerName: String
        var tierCode: String
        var transactions: Int
        var price: MoneyJSON?
        var cost: MoneyJSON?
        var margin: MoneyJSON?
    }

    static let monthPattern = "^[0-9]{4}-(0[1-9]|1[0-2])$"

    static let lineMembers: [JSONSchema.Property] = [
        .init("price", JSONSchema.reference("Money").nullable
            .described("What the partner charges: the monthly price plus overage; absent without terms in force."),
              required: false),
        .init("cost", JSONSchema.reference("Money").nullable
            .described("What the platform charges the partner; absent until a wholesale price is set."), required: false),
        .init("margin", JSONSchema.reference("Money").nullable
            .described("price − cost, exact (not rounded); absent when either is."), required: false),
    ]

    static let report = NamedSchema("Margins", .object([
        .init("month", .string(pattern: monthPattern)),
        .init("wholesale_price", JSONSchema.reference("DatedWholesalePrice").nullable
            .described("The wholesale price the costs are computed from; absent when the platform has set none."),
              required: false),
        .init("tiers", .array(of: .object([
            .init("code", .string(minLength: 1, maxLength: 32)),
            .init("name", .string(minLength: 1, maxLength: 100)),
        ] + lineMembers), maxItems: 1000)),
        .init("customers", .array(of: .object([
            .init("customer_id", .uuid),
            .init("customer_name", .string(minLength: 1, maxLength: 200)),
            .init("tier_code", .string(minLength: 1, maxLength: 32)),
            .init("transactions", JSONSchema.integer(minimum: 0)
                .described("Transactions metered in the month so far: production deliveries, per UTC day from the "
                           + "measurement rollups. The customer's price and cost include the overage and per-1,000 charges on them.")),
        ] + lineMembers)).described("Active customers, in creation order.")),
    ]))

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        [
            gateway.endpoint(.get, "/pricing/margins", operationID: "getMargins",
                             summary: "Price, wholesale cost and margin per tier and per customer for a month",
                             tag: "billing", permission: .pricingRead,
                             parameters: [EndpointParameter(query: "month", .string(pattern: monthPattern),
                                                            description: "`YYYY-MM` (UTC); this month when absent. Usage "
                                                                + "is not metered yet (issue 7): every customer counts "
                                                                + "0 transactions, so amounts are the monthly ones.")],
                             response: report, problems: [.conflict]) { context in
                let month = try month(in: context.request) ?? BillingMonth(containing: context.now)
                do {
                    return try .json(try report(for: month, context))
                } catch let error as BillingError {
                    throw ProblemError(error)
                }
            },
        ]
    }

    /// The margins on the month's first day: terms and wholesale prices change only on first
    /// days, so that day's are the month's. Customers are those active now (a customer's status
    /// has no history yet).
    static func report(for month: BillingMonth, _ context: APIContext) throws -> Report {
        let (principal, connection, date) = (context.principal, context.connection, month.firstDay)
        let wholesale = try WholesalePrices.current(principal.partnerID, at: date, on: connection)
        let tiers = try Tiers.list(for: principal, at: date, on: connection)
        let prices = Dictionary(uniqueKeysWithValues: tiers.map { ($0.code, $0.current?.terms.monthlyPrice) })
        // Deliveries metered so far in the month (Billing's UsageMeter, from the rollups).
        let usage = try UsageMeter.totals(partner: principal.partnerID, in: month, on: connection)
        let tierLines = try Margins.perTier(for: principal, at: date, on: connection).map { line in
            TierLine(code: line.code, name: line.name, price: (line.margin?.revenue ?? prices[line.code] ?? nil).map(MoneyJSON.init),
                     cost: line.margin.map { MoneyJSON($0.cost) }, margin: line.margin.map { MoneyJSON($0.margin) })
        }
        let customerLines = try Margins.perCustomer(for: principal, at: date, usage: usage, on: connection).map { line in
            CustomerLine(customerID: line.customerID, customerName: line.customerName, tierCode: line.tierCode,
                         transactions: usage[line.customerID]?.transactions ?? 0,
                         price: (line.margin?.revenue ?? prices[line.tierCode] ?? nil).map(MoneyJSON.init),
                         cost: line.margin.map { MoneyJSON($0.cost) }, margin: line.margin.map { MoneyJSON($0.margin) })
        }
        return Report(month: month.description, wholesalePrice: wholesale.map(WholesalePricesAPI.DatedJSON.init),
                      tiers: tierLines, customers: customerLines)
    }

    /// The `month` query parameter; a 400 naming it when it is not `YYYY-MM`.
    static func month(in request: Request) throws(ProblemError) -> BillingMonth? {
        guard let text = request.queryParameters["month"] else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let isDigits = { (part: Substring) in part.utf8.allSatisfy { (48...57).contains($0) } }
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, parts.allSatisfy(isDigits),
              let year = Int(parts[0]), let number = Int(parts[1]),
              let month = BillingMonth(year: year, month: number) else {
            throw .invalidParameters([FieldError(field: "month", message: "must be a month such as 2026-11")])
        }
        return month
    }
}
