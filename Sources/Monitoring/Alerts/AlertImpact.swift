/// The business impact of what an alert is about, which orders the work and the subject lines:
/// lost orders cost money by the minute, stale stock oversells, a stale catalogue only delays,
/// and a late report harms nobody today (DESIGN.md, "Tiers, pricing, SLA, alerts").
public enum AlertImpact: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Orders reach the ERP, returns and fulfilment flow back.
    case orderCapture = "order_capture"
    /// Stock levels reach the shops.
    case stock
    /// Products and prices reach the shops.
    case catalogue
    /// Reconciliation, file drops, partner-wide views.
    case reporting

    /// 0 for the most urgent.
    public var rank: Int {
        switch self {
        case .orderCapture: 0
        case .stock: 1
        case .catalogue: 2
        case .reporting: 3
        }
    }

    /// The impact a rule gets unless it says: from its flow (`FlowKind`'s raw values), and
    /// `reporting` for a rule over every flow, which cannot claim a single flow's urgency.
    public static func `default`(forFlow flow: String?) -> AlertImpact {
        switch flow {
        case "order-to-erp", "returns", "fulfillment-status": .orderCapture
        case "inventory-sync": .stock
        case "catalog-publish": .catalogue
        default: .reporting
        }
    }

    /// Words for people (`Order capture`).
    public var title: String {
        switch self {
        case .orderCapture: "Order capture"
        case .stock: "Stock"
        case .catalogue: "Catalogue"
        case .reporting: "Reporting"
        }
    }

    /// More urgent first.
    public static func < (lhs: AlertImpact, rhs: AlertImpact) -> Bool { lhs.rank < rhs.rank }
}
