public import Foundation

/// One day of a shop reconciled with the ERP (Migrations/0013): the morning's short report —
/// how many web orders each side has, their totals, and by name what differs.
public struct ReconciliationReport: Sendable, Equatable, Codable {
    /// The partner.
    public var partnerID: UUID
    /// The customer.
    public var customerID: UUID
    /// The environment.
    public var environmentID: UUID
    /// The `reconciliation` flow.
    public var flowID: UUID
    /// The day, in `timeZone`.
    public var day: ReconciliationDay
    /// The flow's time zone the day was read in.
    public var timeZone: String
    /// The shop's orders of the day that reach the ERP.
    public var shopOrders: Int
    /// The ERP's sales for them, plus those under this shop's references the shop lacks.
    public var erpOrders: Int
    /// The sum of the shop's order totals, as compared (without shipping and fees).
    public var shopTotal: Decimal
    /// The sum of the ERP's sale totals.
    public var erpTotal: Decimal
    /// The currency of the totals; nil for a day without orders.
    public var currency: String?
    /// What differs, by order number.
    public var mismatches: [ReconciliationMismatch]
    /// When the report was made (the last run of the day).
    public var createdAt: Date

    /// A report.
    public init(partnerID: UUID, customerID: UUID, environmentID: UUID, flowID: UUID, day: ReconciliationDay, timeZone: String,
                shopOrders: Int, erpOrders: Int, shopTotal: Decimal, erpTotal: Decimal, currency: String?,
                mismatches: [ReconciliationMismatch], createdAt: Date) {
        self.partnerID = partnerID
        self.customerID = customerID
        self.environmentID = environmentID
        self.flowID = flowID
        self.day = day
        self.timeZone = timeZone
        self.shopOrders = shopOrders
        self.erpOrders = erpOrders
        self.shopTotal = shopTotal
        self.erpTotal = erpTotal
        self.currency = currency
        self.mismatches = mismatches
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case partnerID = "partner_id", customerID = "customer_id", environmentID = "environment_id", flowID = "flow_id", day
        case timeZone = "time_zone", shopOrders = "shop_orders", erpOrders = "erp_orders", shopTotal = "shop_total"
        case erpTotal = "erp_total", currency, mismatches, createdAt = "created_at"
    }
}

/// One order the shop and the ERP disagree on.
public struct ReconciliationMismatch: Sendable, Hashable, Codable {
    /// How they disagree.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A paid web order with no sale under our reference.
        case missingInERP = "missing_in_erp"
        /// A sale under this shop's reference prefix, dated the day, that the shop does not have.
        case missingInShop = "missing_in_shop"
        /// Both have it; the totals differ by more than the flow's tolerance.
        case totalDiffers = "total_differs"
        /// One side has it cancelled (or refunded), the other not.
        case statusDiffers = "status_differs"
    }

    /// The web order's number.
    public var orderNumber: String
    /// How they disagree.
    public var kind: Kind
    /// What the shop says (a total, a status), nil when it has no such order.
    public var shopValue: String?
    /// What the ERP says, nil when it has no such sale.
    public var erpValue: String?

    /// A mismatch.
    public init(orderNumber: String, kind: Kind, shopValue: String?, erpValue: String?) {
        self.orderNumber = orderNumber
        self.kind = kind
        self.shopValue = shopValue
        self.erpValue = erpValue
    }

    enum CodingKeys: String, CodingKey {
        case orderNumber = "order_number", kind, shopValue = "shop_value", erpValue = "erp_value"
    }
}
