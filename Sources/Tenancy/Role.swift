/// Who a user is to the platform (DESIGN.md, "Who uses it"). A role is fixed per user; what it
/// allows is decided in one place, `Role.permissions`.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    /// Runs the platform: creates partners, sets wholesale prices, watches the fleet.
    case platformAdmin = "platform_admin"
    /// Brands the portal, defines tiers and prices, manages customers and users.
    case partnerAdmin = "partner_admin"
    /// Connects customers' systems, switches flows on, works exceptions, answers alerts.
    case partnerOperator = "partner_operator"
    /// A retailer's staff: sees their own customer's SLA, flow health and exceptions.
    case customerViewer = "customer_viewer"

    /// Whether users with this role belong to one customer (and see only that customer).
    public var isCustomerScoped: Bool { self == .customerViewer }

    /// Whether users with this role belong to the platform partner rather than a reseller.
    public var isPlatformRole: Bool { self == .platformAdmin }

    /// The roles a user with this role may give to users they create or edit: never a role
    /// above their own, and platform roles only inside the platform.
    public var assignableRoles: [Role] {
        switch self {
        case .platformAdmin: [.platformAdmin]
        case .partnerAdmin: [.partnerAdmin, .partnerOperator, .customerViewer]
        case .partnerOperator, .customerViewer: []
        }
    }
}
