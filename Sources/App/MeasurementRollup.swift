import Foundation
import Jobs
import Monitoring
import Postgres
import Tenancy

/// Keeps the measurements current (issue 7 §1, Migrations/0016): folds the messages' events
/// into the rollups, summarises the last two hours of heartbeats into up minutes, and drops
/// minute rollups older than `minuteRetention` (hours, days and months are kept: the SLA
/// reports stand on them). A platform schedule runs it every minute, so pages and alerts are
/// at most about a minute behind the messages.
struct MeasurementRollup: JobHandler {
    /// `monitoring.rollup`.
    static let jobKind = "monitoring.rollup"
    /// The schedule's name (a platform schedule).
    static let scheduleName = "platform:measurement-rollup"
    /// How long minute rollups are kept: the alerts' windows and a month of charts.
    static let minuteRetention: TimeInterval = 35 * 86_400

    let kind = Self.jobKind
    /// The application role's pool; the job runs in the platform scope.
    let database: PostgresPool
    let now: @Sendable () -> Date

    static let purgeMinutesSQL = """
        DELETE FROM message_rollups WHERE ctid IN (
            SELECT ctid FROM message_rollups WHERE grain = 'minute' AND bucket_start < $1 LIMIT 10000)
        """

    /// One round: fold, summarise, purge. Returns how many events it folded.
    @discardableResult
    static func run(now: Date, database: PostgresPool) throws -> Int {
        let folded = try MessageRollups.foldAll(pool: database) { try $0.enter(.system) }
        try database.transaction { connection in
            try connection.enter(.system)
            try Availabilities.summarizeHeartbeats(since: now.addingTimeInterval(-2 * 3600), on: connection)
            _ = try connection.execute(PostgresQuery(unsafeSQL: purgeMinutesSQL, binds: [now.addingTimeInterval(-minuteRetention)]))
        }
        return folded
    }

    /// Saves the every-minute schedule (idempotent), in the platform scope.
    static func schedule(now: Date, on connection: PostgresConnection) throws {
        try JobSchedules.save(JobSchedule(name: scheduleName, cron: "* * * * *", timeZone: "UTC",
                                          job: NewJob(kind: jobKind, payloadJSON: "{}", maxAttempts: 3), grace: .seconds(300)),
                              now: now, on: connection)
    }

    func run(_ job: Job) throws -> JobOutcome {
        try Self.run(now: now(), database: database)
        return .completed
    }
}
