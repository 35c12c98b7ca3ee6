// The view of the billing page (`billing`).

/// One month in the picker.
struct BillingMonthLinkView: Sendable, Equatable {
    /// `March 2026`.
    let name: String
    let path: String
    /// Whether it is the month shown (`aria-current`).
    let isCurrent: Bool
}

/// One invoice line.
struct InvoiceRowView: Sendable, Equatable {
    let customerName: String
    let customerPath: String
    let tierName: String
    /// `15 of 31 days` in the month the customer was created; nil for a whole month.
    let prorated: String?
    let base: String
    let usage: String
    let included: String
    let overage: String
    let total: String
}

/// Revenue, cost and margin of one customer or one tier.
struct MarginRowView: Sendable, Equatable {
    let label: String
    let revenue: String
    /// nil without a wholesale price for the month.
    let cost: String?
    let margin: String?
    let isLoss: Bool
}

/// `billing`: a month's invoices and the partner's revenue, cost and margin by tier and by
/// customer, with the months as links and CSV downloads.
struct BillingView: Sendable, Equatable {
    let chrome: PageChrome
    /// `March 2026`.
    let monthName: String
    /// Whether the month shown is the running one (a preview, not stored).
    let isPreview: Bool
    /// Whether a past month is not closed yet (the month-end job runs daily at 02:00 UTC).
    let isAwaitingClose: Bool
    let months: [BillingMonthLinkView]
    let invoices: [InvoiceRowView]
    let tiers: [MarginRowView]
    let customers: [MarginRowView]
    let total: MarginRowView?
    /// The wholesale price in force for the month, as a sentence; nil when none was set.
    let wholesale: String?
    let invoicesCSVPath: String
    let marginsCSVPath: String
}
