// The views of the `alerts` page.

/// One notice of an alert's history, as the page lists it.
struct AlertNoticeRowView: Sendable, Equatable {
    let when: String
    let what: String
    let channel: String
    let failed: Bool
    let error: String?
}

/// One alert: what fired, for whom, how urgent, where it stands, and — while it is not
/// resolved and the visitor answers alerts — the forms that answer it.
struct AlertRowView: Sendable, Equatable {
    let id: String
    let impact: String
    /// `order_capture`, `stock`… for the theme's badge class.
    let impactCode: String
    let title: String
    let customerName: String
    let subject: String
    let summary: String
    let state: String
    let isOpen: Bool
    let opened: String
    let lastSeen: String
    let level: Int
    let acknowledged: String?
    let resolved: String?
    let resolutionComment: String?
    /// `POST /alerts/<id>/acknowledge`, for open alerts and visitors who answer them.
    let acknowledgeAction: String?
    /// `POST /alerts/<id>/resolve`, for unresolved alerts and visitors who answer them.
    let resolveAction: String?
    let commentField: TextAreaView?
    let notices: [AlertNoticeRowView]
    let hasNotices: Bool
}

/// `alerts`: the open and acknowledged alerts (open first, by impact), then the recently
/// resolved, newest first.
struct AlertsView: Sendable, Equatable {
    let chrome: PageChrome
    let csrfToken: String
    let active: [AlertRowView]
    let resolved: [AlertRowView]
}

/// One rule in the settings page's list, with its switch and delete forms for those who
/// manage rules.
struct AlertRuleRowView: Sendable, Equatable {
    let name: String
    let kind: String
    let over: String
    let threshold: String
    let impact: String
    let escalateAfter: Int
    let enabled: Bool
    let toggleAction: String?
    let deleteAction: String?
}

/// One place in an escalation chain.
struct AlertContactRowView: Sendable, Equatable {
    let chain: String
    let position: Int
    let channel: String
    let address: String
    let hasSigningSecret: Bool
    let deleteAction: String?
}

/// `alert-settings`: the rules and the escalation chains, with the forms that add them
/// (for alerts:write).
struct AlertSettingsView: Sendable, Equatable {
    let chrome: PageChrome
    let csrfToken: String
    let rules: [AlertRuleRowView]
    let contacts: [AlertContactRowView]
    let canManage: Bool
    let ruleFields: [FormFieldView]
    let ruleSelects: [SelectFieldView]
    let contactFields: [FormFieldView]
    let contactSelects: [SelectFieldView]
}
