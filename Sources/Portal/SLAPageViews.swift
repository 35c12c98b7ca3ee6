// The views of the SLA pages (issue 7 §2–3): a customer's dashboard, the printable month
// report and the partner's at-risk page. Figures arrive formatted (`SLAFormat`); the templates
// only place them.

/// A standing as a badge: its words and its tone class.
struct SLABadgeView: Sendable, Equatable {
    /// `Met`, `Missed`, `At risk`, `On track`.
    let text: String
    /// `badge--success`, `badge--danger`, `badge--warning`.
    let tone: String
    /// The standing's stable name (`met`, `missed`, `at_risk`) for tests and styles.
    let key: String
}

/// One promise of the tier: what it is, what was measured, and whether it holds.
struct SLAMeasureView: Sendable, Equatable {
    /// `Success rate`, `Latency (p95)`, `Availability`.
    let label: String
    /// `success_rate`, `p95_latency`, `availability`.
    let key: String
    /// `at least 99%`, `at most 5,000 ms`.
    let target: String
    let measured: String
    /// What it stands on: `205 of 210 finished`, `44,579 of 44,640 minutes`.
    let basis: String
    let badge: SLABadgeView
}

/// A month in the picker.
struct SLAMonthLinkView: Sendable, Equatable {
    /// `March 2026`.
    let title: String
    let path: String
    let isCurrent: Bool
}

/// The month picker: previous and next, and the recent months, as plain links (`?month=`).
struct SLAMonthPickerView: Sendable, Equatable {
    let previous: SLAMonthLinkView?
    let next: SLAMonthLinkView?
    let recent: [SLAMonthLinkView]
}

/// One month of the last twelve, as the table under the chart gives it.
struct SLAHistoryRowView: Sendable, Equatable {
    let month: String
    let path: String
    let successRate: String
    let successTarget: String
    let availability: String
    let availabilityTarget: String
    let p95: String
    let p95Target: String
    let badge: SLABadgeView
}

/// A window that missed a target, with its causes.
struct SLAIncidentView: Sendable, Equatable {
    /// `2026-03-10 10:00 UTC`.
    let start: String
    let end: String
    /// `Availability`, `Success rate, Latency (p95)`.
    let missed: String
    /// What was measured in it: `success 50%, p95 22,388 ms, available 0%`.
    let measured: String
    /// `Unknown SKU 'X-1' (5)`, most frequent first; empty when none are known.
    let causes: [String]
    let hasCauses: Bool
}

/// One flow's figures over the month.
struct SLAFlowRowView: Sendable, Equatable {
    let name: String
    let received: String
    let delivered: String
    /// Attempts that failed and were tried again.
    let retried: String
    /// Exception and dead.
    let failed: String
    let successRate: String
    let p95: String
}

/// One flow's state right now: switched on or paused, and what waits in its queue.
struct SLAFlowHealthView: Sendable, Equatable {
    let name: String
    /// `Production`, `Sandbox`.
    let environment: String
    let isPaused: Bool
    let pausedReason: String?
    /// `12 waiting (3 retrying), oldest 4 min`, or `Nothing waiting`.
    let queue: String
    let isBacklogged: Bool
}

/// An open problem of the customer's flows.
struct SLAProblemView: Sendable, Equatable {
    let title: String
    let summary: String
    let since: String
}

/// One of the latest messages that need attention.
struct SLAExceptionView: Sendable, Equatable {
    let received: String
    let flow: String
    let reference: String?
    let status: String
    let error: String?
    /// The message's story, for partner users.
    let path: String?
}

/// `sla`: one customer's service this month (or the chosen one) against its tier's targets.
struct SLADashboardView: Sendable, Equatable {
    let chrome: PageChrome
    let customerName: String
    /// The customer's page, for partner users (a breadcrumb).
    let customerPath: String?
    let monthTitle: String
    /// True until the month ends: the figures still move.
    let isProvisional: Bool
    let tierName: String
    let standing: SLABadgeView
    let measures: [SLAMeasureView]
    /// `p50 250 ms · p95 1,123 ms · p99 22,388 ms`.
    let percentiles: String
    let picker: SLAMonthPickerView
    let reportPath: String
    let csvPath: String
    let daily: SLADailyChartView
    let hasDays: Bool
    let history: SLAMonthsChartView
    let historyRows: [SLAHistoryRowView]
    let incidents: [SLAIncidentView]
    let hasIncidents: Bool
    /// Only for the month in progress: the flows as they are now.
    let showsHealth: Bool
    let flows: [SLAFlowHealthView]
    let problems: [SLAProblemView]
    let hasProblems: Bool
    /// `3`, or `at least 100` when more need attention than were read.
    let openExceptions: String
    let hasOpenExceptions: Bool
    let latestExceptions: [SLAExceptionView]
    /// The customer's exception queue, for partner users.
    let exceptionsPath: String?
}

/// `sla-report`: the month's figures laid out for A4.
struct SLAReportView: Sendable, Equatable {
    let chrome: PageChrome
    let customerName: String
    let monthTitle: String
    let isProvisional: Bool
    /// `2026-04-02 00:00 UTC`.
    let measuredAt: String
    let tierName: String
    let standing: SLABadgeView
    let measures: [SLAMeasureView]
    let percentiles: String
    let daily: SLADailyChartView
    let hasDays: Bool
    let incidents: [SLAIncidentView]
    let hasIncidents: Bool
    let flows: [SLAFlowRowView]
    let hasFlows: Bool
    let dashboardPath: String
    let csvPath: String
}

/// One customer on the at-risk page.
struct SLARiskRowView: Sendable, Equatable {
    let name: String
    let path: String
    let tierName: String
    let badge: SLABadgeView
    let successRate: String
    let successTarget: String
    let p95: String
    let p95Target: String
    let availability: String
    let availabilityTarget: String
}

/// `sla-risk`: every customer of the partner this month, missed first.
struct SLARiskView: Sendable, Equatable {
    let chrome: PageChrome
    let monthTitle: String
    let isProvisional: Bool
    let picker: SLAMonthPickerView
    let rows: [SLARiskRowView]
    /// `2 missed · 1 at risk · 14 on track`.
    let tally: String
}
