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
