/// One tier's line on the dashboard.
struct DashboardTierView: Sendable, Equatable {
    let name: String
    let activeCustomers: Int
    let suspendedCustomers: Int
    /// The tier's monthly price in force.
    let price: String
    /// What its active customers bring in a month, before usage.
    let revenue: String
}

/// One line of recent activity.
struct ActivityView: Sendable, Equatable {
    let when: String
    let who: String
    let action: String
    let target: String
}

/// `dashboard`: the partner at a glance — customers per tier, this month's recurring revenue
/// (and, for those who may see pricing, the platform's cost and the margin), and the latest
/// changes from the audit log.
struct DashboardView: Sendable, Equatable {
    let chrome: PageChrome
    let activeCustomers: Int
    let suspendedCustomers: Int
    let tiers: [DashboardTierView]
    /// Recurring revenue this month, summed per currency (`1,490.00 EUR`), one line each.
    let revenue: [String]
    /// The platform's cost and the margin this month; nil without `pricing:read` or a
    /// wholesale price.
    let cost: String?
    let margin: String?
    let canCreateCustomer: Bool
    /// Whether the visitor may read the audit log, so the recent changes are shown.
    let showsActivity: Bool
    /// The latest audit entries (empty without `audit:read`).
    let activity: [ActivityView]
}
