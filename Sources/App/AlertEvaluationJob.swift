import Foundation
import Jobs
import Monitoring
import Postgres
import Tenancy

/// The `alerts.evaluate` job (issue 7 §4): once a minute, folds the waiting message events (so
/// the rules read this minute's facts), then evaluates every enabled rule and sends what is due
/// (Monitoring's AlertEvaluator). A platform schedule like TierJobLimits'.
struct AlertEvaluationJob: JobHandler {
    /// `alerts.evaluate`.
    static let jobKind = "alerts.evaluate"
    /// The schedule's name (a platform schedule, not a partner's).
    static let scheduleName = "platform:alerts-evaluate"

    let kind = Self.jobKind
    let evaluator: AlertEvaluator
    let now: @Sendable () -> Date

    /// Saves the every-minute schedule (idempotent), in the platform scope.
    static func schedule(now: Date, on connection: PostgresConnection) throws {
        // One attempt: the next minute's run is the retry, with fresher measurements.
        try JobSchedules.save(JobSchedule(name: scheduleName, cron: "* * * * *", timeZone: "UTC",
                                          job: NewJob(kind: jobKind, payloadJSON: "{}", maxAttempts: 1), grace: .seconds(120)),
                              now: now, on: connection)
    }

    func run(_ job: Job) throws -> JobOutcome {
        try MessageRollups.foldAll(pool: evaluator.database.pool) { try $0.enter(.system) }
        try evaluator.run(at: now())
        return .completed
    }
}
