// The view of the `flows` page (issue 6 §8): a customer's flows per environment with their
// connections, options and state, and the pause / resume forms for those who may change them.

/// A connection a flow reads from or writes to, as its row shows it.
struct FlowConnectionView: Sendable, Equatable {
    /// "Reads from" or "Writes to".
    let role: String
    let name: String
    let path: String
    let isPaused: Bool
    /// Why the connection is paused — often a permanent error the worker pool ran into
    /// (credentials refused), which stops the flow as surely as pausing the flow itself.
    let pausedReason: String?
}

/// Where one of a flow's change reads stands (issue 6 §8, "cursors you cannot see"), with the
/// form that moves it back to re-read a window, for those who may change flows.
struct FlowCursorView: Sendable, Equatable {
    /// What is read (`stock`, `order` …).
    let feed: String
    let connectionID: String
    let connectionName: String
    let polledAt: String
    let lastChangeAt: String
    let changesRead: Int
    let lastError: String?
    let resetTo: String?
    let resetAction: String?
    let resetField: FormFieldView?
}

/// One flow in one environment.
struct FlowRowView: Sendable, Equatable {
    let name: String
    /// The template's identifier (`order-to-erp`).
    let key: String
    let connections: [FlowConnectionView]
    let options: [FactView]
    /// Its change reads, when it polls.
    let cursors: [FlowCursorView]
    let hasCursors: Bool
    let isPaused: Bool
    let pausedReason: String?
    /// Whether a paused connection stops it although the flow itself runs.
    let isBlocked: Bool
    /// Its messages, filtered to this flow.
    let messagesPath: String
    /// The forms, for those who may change flows (`connections:write`).
    let pauseAction: String?
    let pauseField: FormFieldView?
    let resumeAction: String?
}

/// One environment's flows.
struct FlowEnvironmentView: Sendable, Equatable {
    let name: String
    let flows: [FlowRowView]
}

/// Something that went silent and is still open (issue 6 §8): a missed schedule, a webhook the
/// source disabled, rejected credentials — raised where people look, with what was done.
struct FlowProblemView: Sendable, Equatable {
    /// "Missed schedule", "Webhook disabled" …
    let title: String
    /// The flow or connection it is about.
    let subject: String
    let summary: String
    let openedAt: String
    let lastSeenAt: String
    /// How many times it was detected while open (shown above one).
    let occurrences: Int
    let isRepeated: Bool
}

/// `flows`: a customer's flows, sandbox and production.
struct FlowsView: Sendable, Equatable {
    let chrome: PageChrome
    let csrfToken: String
    let customerName: String
    let customerPath: String
    /// The open problems, newest first.
    let problems: [FlowProblemView]
    let hasProblems: Bool
    let environments: [FlowEnvironmentView]
}
