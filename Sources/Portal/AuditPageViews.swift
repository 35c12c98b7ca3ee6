// The view of the `audit` page.

/// One audit entry, with its before and after shown on request (`<details>`, no script).
struct AuditRowView: Sendable, Equatable {
    let when: String
    let who: String
    let role: String?
    let action: String
    let target: String
    let before: String?
    let after: String?
    let requestID: String?
    let remoteAddress: String?
}

/// `audit`: the partner's audit log, newest first, filtered, a page at a time.
struct AuditLogView: Sendable, Equatable {
    let chrome: PageChrome
    let actionField: FormFieldView
    let targetTypeField: FormFieldView
    let sinceField: FormFieldView
    let untilField: FormFieldView
    let entries: [AuditRowView]
    let olderPage: String?
    let newestPage: String?
}
