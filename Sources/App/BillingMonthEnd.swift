import Billing
import Foundation
import Jobs
import Logging
import Monitoring
import Postgres
import Tenancy

/// Month end (issue 7 §5): closes every past billing month not yet closed — each customer's
/// invoice and each partner's bill, stored once (Billing's `MonthClosing`: idempotent by the
/// tables' keys, so a second run, or two at once, writes nothing new).
///
/// Usage is read from Monitoring's rollups, so the job first folds every waiting message event
/// (`MessageRollups.foldAll`): a delivery at 23:59 on the last day is counted in its month. A
/// platform schedule runs it daily at 02:00 UTC; a month that fails to close (a tier without
/// terms, say) is logged and retried the next day, and does not hold back the other partners.
struct BillingMonthEnd: JobHandler {
    /// `billing.close-month`.
    static let jobKind = "billing.close-month"
    /// The schedule's name (a platform schedule, not a partner's).
    static let scheduleName = "platform:billing-close-month"

    let kind = Self.jobKind
    /// The application role's pool; the job runs in the platform scope.
    let database: PostgresPool
    let now: @Sendable () -> Date
    let logger: Logger

    /// Folds the events, then closes each open month in a transaction of its own; returns the
    /// months that failed to close, with why.
    static func run(now: Date, database: PostgresPool, logger: Logger) throws -> [(MonthClosing.OpenMonth, any Error)] {
        try MessageRollups.foldAll(pool: database) { try $0.enter(.system) }
        let open = try database.transaction { connection in
            try connection.enter(.system)
            return try MonthClosing.openMonths(before: now, on: connection)
        }
        var failed: [(MonthClosing.OpenMonth, any Error)] = []
        for month in open {
            do {
                let closed = try database.transaction { connection in
                    try connection.enter(.system)
                    return try MonthClosing.close(month, on: connection)
                }
                logger.info("billing: month closed", metadata: [
                    "partner": "\(month.partnerID)", "month": "\(month.month)", "invoices": "\(closed.invoices)",
                ])
            } catch {
                logger.error("billing: could not close the month", metadata: [
                    "partner": "\(month.partnerID)", "month": "\(month.month)", "error": "\(error)",
                ])
                failed.append((month, error))
            }
        }
        return failed
    }

    /// Saves the daily schedule (idempotent), in the platform scope.
    static func schedule(now: Date, on connection: PostgresConnection) throws {
        try JobSchedules.save(JobSchedule(name: scheduleName, cron: "0 2 * * *", timeZone: "UTC",
                                          job: NewJob(kind: jobKind, payloadJSON: "{}", maxAttempts: 3), grace: .seconds(6 * 3600)),
                              now: now, on: connection)
    }

    func run(_ job: Job) throws -> JobOutcome {
        let failed = try Self.run(now: now(), database: database, logger: logger)
        guard failed.isEmpty else {
            // The other months are stored; these are retried by tomorrow's run, and shown now.
            return .completedWithException(reason: "\(failed.count) month(s) could not be closed: "
                                           + failed.map { "\($0.0.partnerID) \($0.0.month): \($0.1)" }.joined(separator: "; "))
        }
        return .completed
    }
}
