/// A worker pool's settings, with defaults; `validate()` names what is out of range.
public struct WorkerPoolConfiguration: Sendable {
    /// Threads running handlers (default 4). Handlers block (libpq, libcurl), so this is also
    /// how many jobs run at once in the process.
    public var workers: Int
    /// How long a claim holds a job without a heartbeat (default 5 min); heartbeats renew it
    /// every third of that, so a dead worker's jobs return within one lease.
    public var leaseDuration: Duration
    /// The longest an idle pool waits before looking for work when no notification came
    /// (default 1 s): the fallback when LISTEN/NOTIFY is lost (a restart drops notifications).
    public var pollInterval: Duration
    /// How often maintenance (election, rescue, schedules, cleaning) runs (default 5 s).
    public var maintenanceInterval: Duration
    /// How long a won maintenance election lasts unrenewed (default 30 s).
    public var leaderLease: Duration
    /// How long completed and cancelled jobs are kept (default 7 days).
    public var retention: Duration
    /// Back-off for transient failures.
    public var retryPolicy: RetryPolicy
    /// Whether to LISTEN for `jobs_available` (default true).
    public var listensForNotifications: Bool
    /// Whether this process stands for maintenance leader (default true).
    public var runsMaintenance: Bool

    /// The defaults above, with any given values.
    public init(workers: Int = 4, leaseDuration: Duration = .seconds(300), pollInterval: Duration = .seconds(1),
                maintenanceInterval: Duration = .seconds(5), leaderLease: Duration = .seconds(30),
                retention: Duration = .seconds(7 * 86_400), retryPolicy: RetryPolicy = RetryPolicy(),
                listensForNotifications: Bool = true, runsMaintenance: Bool = true) {
        self.workers = workers
        self.leaseDuration = leaseDuration
        self.pollInterval = pollInterval
        self.maintenanceInterval = maintenanceInterval
        self.leaderLease = leaderLease
        self.retention = retention
        self.retryPolicy = retryPolicy
        self.listensForNotifications = listensForNotifications
        self.runsMaintenance = runsMaintenance
    }

    /// Throws `JobsError.invalidConfiguration` naming the first field out of range.
    public func validate() throws(JobsError) {
        guard (1...1024).contains(workers) else { throw .invalidConfiguration("workers must be 1-1024, got \(workers)") }
        guard leaseDuration >= .seconds(1) else { throw .invalidConfiguration("leaseDuration must be at least 1 s") }
        guard pollInterval > .zero, maintenanceInterval > .zero else {
            throw .invalidConfiguration("pollInterval and maintenanceInterval must be positive")
        }
        guard leaderLease > maintenanceInterval else {
            throw .invalidConfiguration("leaderLease must be longer than maintenanceInterval, or the leader loses its lease between renewals")
        }
        try retryPolicy.validate()
    }
}
