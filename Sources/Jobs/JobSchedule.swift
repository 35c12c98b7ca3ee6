public import Foundation

/// A stored schedule: a cron expression in a time zone and the job it enqueues each due time.
public struct JobSchedule: Sendable {
    /// Unique per partner, e.g. `reconciliation/<flow id>`.
    public var name: String
    /// When it is due.
    public var cron: CronExpression
    /// The IANA zone the expression is read in.
    public var timeZone: TimeZone
    /// The job enqueued at each due time; its `runAt` and `uniqueKey` are the scheduler's.
    public var job: NewJob
    /// How late a due time may be found and still count as on time (default 5 minutes); later
    /// than that it is a missed run, recorded in `job_schedule_misses`.
    public var grace: Duration
    /// Whether it enqueues at all.
    public var isEnabled: Bool

    /// A schedule; `timeZone` is an IANA name such as `Europe/Amsterdam`.
    public init(name: String, cron: String, timeZone: String, job: NewJob, grace: Duration = .seconds(300),
                isEnabled: Bool = true) throws(JobsError) {
        guard let zone = TimeZone(identifier: timeZone) else { throw .unknownTimeZone(timeZone) }
        self.name = name
        self.cron = try CronExpression(cron)
        self.timeZone = zone
        self.job = job
        self.grace = grace
        self.isEnabled = isEnabled
    }

    /// The unique key of the job for one due time: a due time is enqueued at most once, by
    /// whichever leader gets there, even across a leader change.
    public static func uniqueKey(schedule name: String, due: Date) -> String {
        "schedule:\(name)@\(Int64(due.timeIntervalSince1970))"
    }

    /// The due times from `first` up to `now` (at most `limit`, the latest kept when more).
    func dueTimes(from first: Date, through now: Date, limit: Int = 1000) -> [Date] {
        var times: [Date] = []
        var next: Date? = first
        while let due = next, due <= now {
            times.append(due)
            if times.count > limit { times.removeFirst() }
            next = cron.nextFire(after: due, in: timeZone)
        }
        return times
    }
}
