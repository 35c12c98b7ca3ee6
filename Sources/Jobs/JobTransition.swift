public import Foundation

/// What finishing an attempt does to a job's row: the queue's state machine as a pure value
/// (STYLE.md habit 3), computed from the outcome, the attempt and the clock, then written by
/// `JobQueue.finish` in one statement.
public struct JobTransition: Sendable, Equatable {
    /// The state after the attempt.
    public var state: JobState
    /// When the job is next due (for `available` and `retrying`).
    public var runAt: Date?
    /// When it finished (for final states).
    public var finishedAt: Date?
    /// Whether the attempt counts against `maxAttempts` (snoozes and throttles do not).
    public var countsAttempt: Bool
    /// The error recorded, if any.
    public var error: (errorClass: JobErrorClass, message: String)?
    /// Whether a completed job ended with an accepted business exception.
    public var completedWithException: Bool
    /// A throttle to put on the job's limit key: nothing with it is claimed before this time.
    public var limitKeyNotBefore: Date?

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.state == rhs.state && lhs.runAt == rhs.runAt && lhs.finishedAt == rhs.finishedAt
            && lhs.countsAttempt == rhs.countsAttempt && lhs.error?.errorClass == rhs.error?.errorClass
            && lhs.error?.message == rhs.error?.message && lhs.completedWithException == rhs.completedWithException
            && lhs.limitKeyNotBefore == rhs.limitKeyNotBefore
    }

    /// The transition for `outcome` of attempt `attempt` (of `maxAttempts`) at `now`.
    /// - Parameter random: a number in [0, 1) for the back-off's jitter.
    public static func after(_ outcome: JobOutcome, attempt: Int, maxAttempts: Int, now: Date,
                             policy: RetryPolicy, random: Double) -> JobTransition {
        switch outcome {
        case .completed:
            return JobTransition(state: .completed, finishedAt: now, countsAttempt: true, completedWithException: false)
        case .completedWithException(let reason):
            return JobTransition(state: .completed, finishedAt: now, countsAttempt: true,
                                 error: (.business, reason), completedWithException: true)
        case .retry(let reason, let after):
            guard attempt < maxAttempts else {
                return JobTransition(state: .dead, finishedAt: now, countsAttempt: true,
                                     error: (.transient, "\(reason) (attempt \(attempt) of \(maxAttempts); no attempts left)"))
            }
            let delay = after ?? policy.delay(afterAttempt: attempt, random: random)
            return JobTransition(state: .retrying, runAt: now.addingTimeInterval(delay.seconds), countsAttempt: true,
                                 error: (.transient, reason))
        case .rateLimited(let retryAfter):
            let until = now.addingTimeInterval(retryAfter.seconds)
            return JobTransition(state: .available, runAt: until, countsAttempt: false,
                                 error: (.transient, "rate limited upstream; retry after \(retryAfter)"), limitKeyNotBefore: until)
        case .snooze(let delay):
            return JobTransition(state: .available, runAt: now.addingTimeInterval(delay.seconds), countsAttempt: false)
        case .dead(let errorClass, let reason):
            return JobTransition(state: .dead, finishedAt: now, countsAttempt: true, error: (errorClass, reason))
        }
    }

    private init(state: JobState, runAt: Date? = nil, finishedAt: Date? = nil, countsAttempt: Bool,
                 error: (errorClass: JobErrorClass, message: String)? = nil, completedWithException: Bool = false,
                 limitKeyNotBefore: Date? = nil) {
        self.state = state
        self.runAt = runAt
        self.finishedAt = finishedAt
        self.countsAttempt = countsAttempt
        self.error = error
        self.completedWithException = completedWithException
        self.limitKeyNotBefore = limitKeyNotBefore
    }
}
