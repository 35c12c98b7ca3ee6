public import Foundation
public import Postgres

/// Due times of one schedule that the scheduler found past their grace in one pass (the
/// leader was down, the database unreachable): recorded in `job_schedule_misses`, and handed to
/// whoever raises them (Flows turns a flow's into a problem on the flow), in the same
/// transaction, so a miss is never recorded without being raised or raised without a record.
public struct JobScheduleMiss: Sendable, Equatable {
    /// The partner the schedule belongs to (the platform partner's own for platform schedules).
    public var partnerID: UUID
    /// The schedule's name.
    public var scheduleName: String
    /// The first due time missed.
    public var firstMissedAt: Date
    /// The last due time missed.
    public var lastMissedAt: Date
    /// How many due times were missed.
    public var count: Int
    /// When the scheduler found them.
    public var detectedAt: Date

    /// Raises a miss in the scheduler's transaction (platform scope); throwing rolls the pass
    /// back, and the next pass finds the miss again.
    public typealias Handler = @Sendable (JobScheduleMiss, PostgresConnection) throws -> Void

    /// A miss as the scheduler found it.
    public init(partnerID: UUID, scheduleName: String, firstMissedAt: Date, lastMissedAt: Date, count: Int, detectedAt: Date) {
        self.partnerID = partnerID
        self.scheduleName = scheduleName
        self.firstMissedAt = firstMissedAt
        self.lastMissedAt = lastMissedAt
        self.count = count
        self.detectedAt = detectedAt
    }
}
