// The views of the message pages (issue 6 §6): the list with its filters and bulk retry
// (`messages`), one message's story with the operators' actions (`message`), and the
// "Where is order 123?" timeline (`message-timeline`). Text here is data: templates escape it.

/// A message's status as a badge: its name and how loudly to show it.
struct StatusBadgeView: Sendable, Equatable {
    /// The status as people read it (`Exception`).
    let name: String
    /// The badge's modifier class: `success`, `warning`, `danger` or empty for the neutral one.
    let tone: String
}

/// One row of the message list.
struct MessageRowView: Sendable, Equatable {
    /// The message id, the value of its checkbox.
    let id: String
    /// Its story page.
    let path: String
    let received: String
    let customerName: String?
    let flowName: String
    let environmentName: String
    let sourceSystem: String
    let reference: String?
    let status: StatusBadgeView
    let resolution: String?
    let attempts: Int
    /// The last error's text, cut to one line's worth.
    let lastError: String?
    /// Whether a retry would move it (exception or dead): only those rows get a checkbox.
    let isRetryable: Bool
}

/// The filter form above the list (a GET form: filtering changes nothing, so no CSRF).
struct MessageFilterView: Sendable, Equatable {
    let action: String
    let statusSelect: SelectFieldView
    let flowSelect: SelectFieldView
    let systemField: FormFieldView
    let sinceField: FormFieldView
    let untilField: FormFieldView
    let referenceField: FormFieldView
}

/// `messages`: one customer's or the whole partner's messages, newest first, a page at a time.
struct MessageListView: Sendable, Equatable {
    let chrome: PageChrome
    let csrfToken: String
    let heading: String
    /// The customer's page, on a customer's list.
    let customerPath: String?
    let customerName: String?
    /// Whether rows name their customer: on the partner-wide list of partner users.
    let showsCustomer: Bool
    let filter: MessageFilterView
    let rows: [MessageRowView]
    /// The bulk-retry form's target (with the filter in its query), for those who may retry.
    let retryAction: String?
    /// The most "Retry all matching" moves at once.
    let retryCap: Int
    /// "N messages were put back in line.", after a retry.
    let retriedNotice: String?
    let olderPage: String?
    let newestPage: String?
}

/// One attempt on the story page.
struct AttemptView: Sendable, Equatable {
    let number: Int
    let started: String
    let duration: String?
    let outcome: StatusBadgeView?
    let errorClass: String?
    let errorText: String?
    let upstreamStatus: Int?
}

/// A payload on the story page: pretty-printed, cut for display with a link to the whole.
struct PayloadView: Sendable, Equatable {
    let text: String
    /// "Showing the first 16 KB of 2.1 MB.", when cut.
    let truncationNote: String?
    /// The whole JSON, as `application/json`.
    let wholePath: String
}

/// A message linked to this one by a replay.
struct MessageLinkView: Sendable, Equatable {
    let path: String
    let label: String
}

/// The forms a message's story offers to those who may act on it (`messages:write`).
struct MessageActionsView: Sendable, Equatable {
    /// "Retry", when the message needs attention.
    let retryAction: String?
    /// Resolve / Ignore, with the required comment, when it needs attention and is undecided.
    let resolveAction: String?
    let commentField: TextAreaView?
    let resolutionSelect: SelectFieldView?
    /// The edited payload, sent as a new message.
    let replayAction: String
    let replayField: TextAreaView
    /// A problem that belongs to no field (the message moved on meanwhile).
    let formError: String?
}

/// `message`: one message's whole story.
struct MessageStoryView: Sendable, Equatable {
    let chrome: PageChrome
    let csrfToken: String
    let title: String
    let listPath: String
    let customerName: String
    let status: StatusBadgeView
    let facts: [FactView]
    let externalIDs: [FactView]
    let lastError: String?
    let resolution: String?
    let attempts: [AttemptView]
    let hasAttempts: Bool
    let input: PayloadView
    let output: PayloadView?
    let replayOf: MessageLinkView?
    let replayedAs: [MessageLinkView]
    let actions: MessageActionsView?
}

/// One message on the "Where is …?" timeline.
struct TimelineEntryView: Sendable, Equatable {
    let path: String
    let received: String
    let customerName: String?
    let flowName: String
    let environmentName: String
    let subject: String
    /// The message's own reference (the search may have named its id in another system).
    let messageReference: String?
    let sourceSystem: String
    let status: StatusBadgeView
    let lastError: String?
    let replayOf: String?
}

/// `message-timeline`: every message of one reference, oldest first, across flows.
struct MessageTimelineView: Sendable, Equatable {
    let chrome: PageChrome
    let reference: String?
    let entries: [TimelineEntryView]
    /// Set when more messages carry the reference than one page shows.
    let isCut: Bool
    let listPath: String?
}
