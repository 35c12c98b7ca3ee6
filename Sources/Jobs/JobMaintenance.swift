public import Foundation
public import Postgres

/// The duties one elected node runs for the whole cluster: rescue expired leases, enqueue due
/// schedules, clean old finished jobs (river's maintenance services). `runOnce` is what the
/// worker pool's maintenance thread calls every interval, and what tests call with their clock.
public struct JobMaintenance: Sendable {
    /// What one pass did.
    public struct Report: Sendable, Equatable {
        /// Whether this node led (and so did the duties).
        public var isLeader = false
        /// Jobs returned from expired leases.
        public var rescued = JobRescuer.Rescued(retried: 0, dead: 0)
        /// The scheduler's pass.
        public var schedules = JobSchedules.Pass()
        /// Finished jobs deleted.
        public var cleaned = 0
    }

    /// The pool (application role) the duties run on.
    public let database: PostgresPool
    /// Enters the platform scope at the start of each transaction.
    public let enterScope: @Sendable (PostgresConnection) throws -> Void
    /// This node's name in `job_leader`.
    public let nodeID: String
    /// How long a won election lasts unrenewed.
    public let leaderLease: Duration
    /// How long completed and cancelled jobs are kept.
    public let retention: Duration
    /// Raises a schedule's missed runs (in the scheduler's transaction).
    public let onScheduleMiss: JobScheduleMiss.Handler?

    /// Maintenance for `nodeID`.
    public init(database: PostgresPool, enterScope: @escaping @Sendable (PostgresConnection) throws -> Void, nodeID: String,
                leaderLease: Duration = .seconds(30), retention: Duration = .seconds(7 * 86_400),
                onScheduleMiss: JobScheduleMiss.Handler? = nil) {
        self.database = database
        self.enterScope = enterScope
        self.nodeID = nodeID
        self.leaderLease = leaderLease
        self.retention = retention
        self.onScheduleMiss = onScheduleMiss
    }

    /// Takes or renews the lead and, if this node leads, runs each duty in its own transaction
    /// (a failing duty does not undo the others).
    public func runOnce(now: Date) throws -> Report {
        var report = Report()
        report.isLeader = try inPlatformScope {
            try JobLeader.elect(nodeID, until: now.addingTimeInterval(leaderLease.seconds), now: now, on: $0)
        }
        guard report.isLeader else { return report }
        report.rescued = try inPlatformScope { try JobRescuer.rescue(now: now, on: $0) }
        report.schedules = try inPlatformScope { try JobSchedules.enqueueDue(now: now, onMiss: onScheduleMiss, on: $0) }
        report.cleaned = try inPlatformScope { try JobRescuer.clean(finishedBefore: now.addingTimeInterval(-retention.seconds), on: $0) }
        return report
    }

    /// Hands the lead over at once (on a graceful stop).
    public func resign() throws {
        try inPlatformScope { try JobLeader.resign(nodeID, on: $0) }
    }

    func inPlatformScope<Result>(_ body: (PostgresConnection) throws -> Result) throws -> Result {
        try database.transaction { connection in
            try enterScope(connection)
            return try body(connection)
        }
    }
}
