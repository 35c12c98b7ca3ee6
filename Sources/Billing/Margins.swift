public import Foundation
public import Postgres
public import Tenancy

/// A partner's margins on a day: per tier (its price list) and per customer. Reads the tiers in
/// force, the wholesale price in force and the active customers in the caller's partner scope.
/// Needs `pricing:read` — what the partner pays the platform is the partner admin's business,
/// not every operator's.
public enum Margins {
    // Suspended customers are neither charged nor counted by the platform.
    static let customersSQL = """
        SELECT id, name, tier_code FROM customers WHERE partner_id = $1 AND status = 'active' ORDER BY id
        """

    /// Each tier's monthly price, the wholesale cost per customer and the margin on `date`.
    /// Throws `BillingError.currencyMismatch` when a tier is priced in another currency than the
    /// wholesale price.
    public static func perTier(for principal: Principal, at date: Date, on connection: PostgresConnection) throws -> [TierMargin] {
        try principal.require(.pricingRead)
        let wholesale = try WholesalePrices.current(principal.partnerID, at: date, on: connection)?.price
        return try Tiers.list(for: principal, at: date, on: connection).map { tier in
            TierMargin(code: tier.code, name: tier.name, margin: try margin(tier, wholesale: wholesale, usage: .none))
        }
    }

    /// Each active customer's margin on `date`, on its tier's terms then. `usage` gives each
    /// customer's transactions in the period (missing: none) — metering will fill it in.
    public static func perCustomer(for principal: Principal, at date: Date, usage: [UUID: MonthlyUsage] = [:],
                                   on connection: PostgresConnection) throws -> [CustomerMargin] {
        try principal.require(.pricingRead)
        let wholesale = try WholesalePrices.current(principal.partnerID, at: date, on: connection)?.price
        let tiers = Dictionary(uniqueKeysWithValues: try Tiers.list(for: principal, at: date, on: connection).map { ($0.code, $0) })
        return try connection.query(PostgresQuery(unsafeSQL: customersSQL, binds: [principal.partnerID])).map { row in
            let (id, name, tierCode) = try row.decode((UUID, String, String).self)
            guard let tier = tiers[tierCode] else { throw BillingError.noTermsInForce(tier: tierCode) }
            return CustomerMargin(customerID: id, customerName: name, tierCode: tierCode,
                                  margin: try margin(tier, wholesale: wholesale, usage: usage[id] ?? .none))
        }
    }

    private static func margin(_ tier: Tier, wholesale: WholesalePrice?, usage: MonthlyUsage) throws -> Margin? {
        guard let wholesale else { return nil }
        guard let terms = tier.current?.terms else { throw BillingError.noTermsInForce(tier: tier.code) }
        return try Margin.of(terms, wholesale: wholesale, usage: usage)
    }
}
