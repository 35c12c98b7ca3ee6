// The views of the tier pages (`tiers`, `tier`).

/// One tier's terms as the price list shows them.
struct TierTermsSummaryView: Sendable, Equatable {
    /// `December 2026`: the month the terms apply from.
    let effectiveFrom: String
    let price: String
    let included: String
    let overage: String
    let sla: String
    let support: String
    let limits: String
    let retention: String
    /// Wholesale cost and margin per customer on these terms; nil without `pricing:read` or a
    /// wholesale price.
    let cost: String?
    let margin: String?
    let isLoss: Bool
}

/// One tier on the price list.
struct TierRowView: Sendable, Equatable {
    let code: String
    let name: String
    let editPath: String
    let current: TierTermsSummaryView?
    /// Terms scheduled for a later month, or nil.
    let scheduled: TierTermsSummaryView?
}

/// `tiers`: the partner's price list this month and what is scheduled, with cost and margin
/// per customer for those who may see pricing.
struct TiersView: Sendable, Equatable {
    let chrome: PageChrome
    let tiers: [TierRowView]
    let canEdit: Bool
    let showsPricing: Bool
    /// The wholesale price the platform charges now and from next month, as sentences; empty
    /// when none is set or pricing is not shown.
    let wholesale: [String]
}

/// `tier`: rename a tier and set its terms for next month.
struct TierEditorView: Sendable, Equatable {
    let chrome: PageChrome
    let csrfToken: String
    let tierName: String
    let formPath: String
    /// `December 2026`: when the terms saved here start to apply.
    let appliesFrom: String
    let nameField: FormFieldView
    let controls: [TierControlView]
    let formError: String?
}
