import Billing
import Foundation
import HTTP
import Tenancy

// The start page after sign-in.
extension PortalRoutes {
    /// How many audit entries the dashboard lists.
    static let dashboardActivityCount = 8

    /// `GET /`: partner users get the dashboard; a customer viewer's start page is their
    /// customer, a platform admin's the partner list.
    func dashboard(_ visit: PortalVisit) throws -> Response {
        if let own = visit.principal.customerID { return Response.redirect(to: "/customers/\(own.uuidString.lowercased())") }
        if visit.principal.role == .platformAdmin { return Response.redirect(to: PortalSection.partners.path) }
        let principal = visit.principal
        let counts = try Customers.tierCounts(for: principal, on: visit.connection)
        let tiers = try Tiers.list(for: principal, at: visit.now, on: visit.connection)
        var revenue: [CurrencyCode: Money] = [:]
        var lines: [DashboardTierView] = []
        for tier in tiers {
            let count = counts.first { $0.tierCode == tier.code } ?? TierCustomerCount(tierCode: tier.code, active: 0, suspended: 0)
            guard let price = tier.current?.terms.monthlyPrice else { continue }
            let tierRevenue = price.multiplied(by: Decimal(count.active))
            revenue[price.currency] = try revenue[price.currency, default: .zero(price.currency)].adding(tierRevenue)
            lines.append(DashboardTierView(name: tier.name, activeCustomers: count.active, suspendedCustomers: count.suspended,
                                           price: price.description, revenue: tierRevenue.description))
        }
        let active = counts.reduce(0) { $0 + $1.active }
        var cost: Money?
        var margin: Money?
        if principal.may(.pricingRead),
           let wholesale = try WholesalePrices.current(principal.partnerID, at: visit.now, on: visit.connection)?.price {
            let total = wholesale.perCustomerMonth.multiplied(by: Decimal(active))
            cost = total
            // A margin needs one currency; a price list in several is shown without one.
            if revenue.count <= 1 {
                margin = try (revenue[total.currency] ?? .zero(total.currency)).subtracting(total)
            }
        }
        let showsActivity = principal.may(.auditRead)
        let activity = showsActivity
            ? try AuditLog.list(AuditFilter(), after: nil, limit: Self.dashboardActivityCount, on: visit.connection).map(Self.activity)
            : []
        return try visit.render(.dashboard, DashboardView(
            chrome: visit.chrome(.dashboard), activeCustomers: active, suspendedCustomers: counts.reduce(0) { $0 + $1.suspended },
            tiers: lines, revenue: revenue.values.sorted { $0.currency.code < $1.currency.code }.map(\.description),
            cost: cost?.description, margin: margin?.description, canCreateCustomer: principal.may(.customersWrite),
            showsActivity: showsActivity, activity: activity))
    }

    /// An audit entry as a line of activity.
    static func activity(_ entry: AuditEntry) -> ActivityView {
        ActivityView(when: PortalFormat.minute(entry.occurredAt), who: entry.actorEmail ?? entry.actorKind,
                     action: entry.action, target: [entry.targetType, entry.targetID].compactMap { $0 }.joined(separator: " "))
    }
}
