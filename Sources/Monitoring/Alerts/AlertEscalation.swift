public import Billing
public import Foundation

/// An alert's notification schedule as a state machine, with no I/O: the evaluator feeds it the
/// time, the support window and the length of the contact chain, and it says which level (the
/// chain's position) to notify now — or nothing.
///
/// - Opening schedules level 1 at once, or when the support window next opens.
/// - A successful notification of level n schedules level n+1 after the rule's
///   `escalate_after_minutes` of *support time* (SupportWindow.addingSupportTime), unless the
///   chain has no n+1.
/// - A failed notification leaves the schedule alone: the same level is due again at the next
///   evaluation (the history records the failure).
/// - Acknowledging stops escalation; resolving stops everything.
///
/// Support-window rule: every alert follows its customer's tier window, order capture included;
/// a 24x7 tier's window never closes, so its alerts (order capture above all) go out and
/// escalate on the wall clock day and night. Partner-wide rules use 24x7.
public struct AlertEscalation: Sendable, Hashable {
    /// Where an alert is in its life.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Nobody has taken it yet; escalation runs.
        case open
        /// Someone took it; escalation stopped, the alert stays until it clears or is resolved.
        case acknowledged
        /// Over: cleared by evaluation or resolved by a person.
        case resolved
    }

    /// The state.
    public var state: State
    /// The highest level notified so far (0: none yet).
    public var level: Int
    /// When the next level is due; nil when none is.
    public var nextNotificationAt: Date?

    /// Creates a schedule from stored values.
    public init(state: State, level: Int, nextNotificationAt: Date?) {
        self.state = state
        self.level = level
        self.nextNotificationAt = nextNotificationAt
    }

    /// A new alert at `now`: level 1 at once, or when `window` opens.
    public static func opened(at now: Date, window: SupportWindow) -> AlertEscalation {
        AlertEscalation(state: .open, level: 0, nextNotificationAt: window.nextOpening(atOrAfter: now))
    }

    /// The level to notify at `now` given a chain of `chainLength` contacts, or nil.
    public func levelDue(at now: Date, chainLength: Int) -> Int? {
        guard state == .open, let next = nextNotificationAt, next <= now, level < chainLength else { return nil }
        return level + 1
    }

    /// Records that `notifiedLevel` was told at `now` and schedules the next level.
    public mutating func notified(level notifiedLevel: Int, at now: Date, chainLength: Int, escalateAfterMinutes: Int,
                                  window: SupportWindow) {
        level = max(level, notifiedLevel)
        nextNotificationAt = level < chainLength
            ? window.addingSupportTime(minutes: escalateAfterMinutes, to: now)
            : nil
    }

    /// Someone took the alert: no more escalation.
    public mutating func acknowledge() {
        guard state == .open else { return }
        state = .acknowledged
        nextNotificationAt = nil
    }

    /// The alert is over.
    public mutating func resolve() {
        state = .resolved
        nextNotificationAt = nil
    }
}
