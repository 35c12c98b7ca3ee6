public import Foundation
public import Postgres
public import Tenancy

/// A partner's revenue, cost and margin for one month, from its invoices: by customer, by tier
/// and in total.
public struct MonthMargins: Sendable, Hashable, Codable {
    /// The month.
    public var month: BillingMonth
    /// Whether the month is closed: its invoices are the stored ones. False for the running
    /// month's preview and for a past month the month-end job has not closed yet.
    public var closed: Bool
    /// The wholesale price in force for the month; nil when the platform set none.
    public var wholesale: WholesalePrice?
    /// The invoices the figures come from.
    public var invoices: [Invoice]
    /// Per invoiced customer, in invoice order.
    public var customers: [CustomerMargin]
    /// Per tier with at least one invoice, in price-list order.
    public var tiers: [TierMargin]
    /// All customers; nil without a wholesale price or without invoices.
    public var total: Margin?

    /// The invoices' total for `tierCode` (all tiers when nil) — revenue even without a
    /// wholesale price; nil without invoices or when they are in more than one currency.
    public func revenue(tier tierCode: String? = nil) -> Money? {
        let totals = invoices.filter { tierCode == nil || $0.tierCode == tierCode }.map(\.total)
        guard let first = totals.first, totals.allSatisfy({ $0.currency == first.currency }) else { return nil }
        return Money(totals.reduce(Decimal(0)) { $0 + $1.amount }, first.currency)
    }
}

extension Margins {
    /// Revenue, cost and margin of `invoices` at `wholesale`.
    ///
    /// **Rule:** revenue is the invoice total (rounded lines, what the customer pays); cost is the
    /// wholesale price per customer-month plus usage ÷ 1,000 × the price per 1,000, exact (the
    /// partner's bill rounds only its two lines); margin is revenue − cost. A tier's and the
    /// total figures are sums. `currencyMismatch` when an invoice's currency is not the wholesale
    /// price's: there is no currency conversion.
    public static func of(_ invoices: [Invoice], month: BillingMonth, closed: Bool, wholesale: WholesalePrice?,
                          tierNames: [(code: String, name: String)]) throws(BillingError) -> MonthMargins {
        var customers: [CustomerMargin] = []
        var byTier: [String: Margin] = [:]
        var total: Margin?
        for invoice in invoices {
            var margin: Margin?
            if let wholesale {
                let cost = Money(wholesale.perCustomerMonth.amount + wholesale.perThousandTransactions * Decimal(invoice.usage) / 1000,
                                 wholesale.perCustomerMonth.currency)
                let line = try combine(revenue: invoice.total, cost: cost)
                margin = line
                if let tier = byTier[invoice.tierCode] { byTier[invoice.tierCode] = try sum(tier, line) } else { byTier[invoice.tierCode] = line }
                if let sofar = total { total = try sum(sofar, line) } else { total = line }
            }
            customers.append(CustomerMargin(customerID: invoice.customerID, customerName: invoice.customerName,
                                            tierCode: invoice.tierCode, margin: margin))
        }
        let invoicedTiers = Set(invoices.map(\.tierCode))
        let known = Set(tierNames.map(\.code))
        let tiers = tierNames.filter { invoicedTiers.contains($0.code) }.map { TierMargin(code: $0.code, name: $0.name, margin: byTier[$0.code]) }
            + invoicedTiers.subtracting(known).sorted().map { TierMargin(code: $0, name: $0, margin: byTier[$0]) }
        return MonthMargins(month: month, closed: closed, wholesale: wholesale, invoices: invoices, customers: customers,
                            tiers: tiers, total: total)
    }

    /// The caller's partner's figures for `month`: the stored invoices when it is closed, or
    /// when `month` is the running one (at `now`), the preview. Needs `pricing:read`.
    public static func of(_ month: BillingMonth, for principal: Principal, now: Date,
                          on connection: PostgresConnection) throws -> MonthMargins {
        try principal.require(.pricingRead)
        let running = month == BillingMonth(containing: now)
        let invoices = running ? try Invoices.compute(partner: principal.partnerID, month: month, on: connection)
                               : try Invoices.stored(partner: principal.partnerID, month: month, on: connection)
        let wholesale = try WholesalePrices.current(principal.partnerID, at: month.firstDay, on: connection)?.price
        let closed = try PartnerBills.stored(principal.partnerID, month: month, on: connection) != nil
        return try of(invoices, month: month, closed: closed, wholesale: wholesale,
                      tierNames: try Tiers.names(for: principal, on: connection))
    }

    private static func combine(revenue: Money, cost: Money) throws(BillingError) -> Margin {
        guard revenue.currency == cost.currency else { throw .currencyMismatch(revenue.currency, cost.currency) }
        return Margin(revenue: revenue, cost: cost, margin: Money(revenue.amount - cost.amount, revenue.currency))
    }

    private static func sum(_ left: Margin, _ right: Margin) throws(BillingError) -> Margin {
        guard left.revenue.currency == right.revenue.currency else {
            throw .currencyMismatch(left.revenue.currency, right.revenue.currency)
        }
        let currency = left.revenue.currency
        return Margin(revenue: Money(left.revenue.amount + right.revenue.amount, currency),
                      cost: Money(left.cost.amount + right.cost.amount, currency),
                      margin: Money(left.margin.amount + right.margin.amount, currency))
    }
}
