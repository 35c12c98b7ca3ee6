public import Foundation
public import Postgres

/// How many of a partner's customers are on one tier, active and suspended.
public struct TierCustomerCount: Sendable, Equatable {
    /// The tier's code.
    public var tierCode: String
    /// Customers on the tier that are active (billed, flows running).
    public var active: Int
    /// Customers on the tier that are suspended.
    public var suspended: Int

    /// Counts for one tier.
    public init(tierCode: String, active: Int, suspended: Int) {
        self.tierCode = tierCode
        self.active = active
        self.suspended = suspended
    }
}

extension Customers {
    // One pass over the partner's slice of the primary key's index; no row per customer leaves
    // the server, so the dashboard costs the same for 10 customers or 10,000.
    static let tierCountsSQL = """
        SELECT tier_code, count(*) FILTER (WHERE status = 'active'), count(*) FILTER (WHERE status = 'suspended')
        FROM customers WHERE partner_id = $1 GROUP BY tier_code ORDER BY tier_code
        """

    /// The caller's partner's customers counted per tier and status.
    public static func tierCounts(for principal: Principal, on connection: PostgresConnection) throws -> [TierCustomerCount] {
        try connection.query(PostgresQuery(unsafeSQL: tierCountsSQL, binds: [principal.partnerID])).map { row in
            let (code, active, suspended) = try row.decode((String, Int, Int).self)
            return TierCustomerCount(tierCode: code, active: active, suspended: suspended)
        }
    }
}
