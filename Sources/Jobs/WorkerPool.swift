public import Foundation
public import Logging
public import Postgres

/// Runs registered handlers on a fixed set of threads, fed by one dispatcher thread that claims
/// jobs, renews their leases and records their outcomes, plus a maintenance thread.
///
/// Threads, not tasks: handlers block in libpq and libcurl, like the rest of the server (DESIGN.md).
/// The dispatcher claims only as many jobs as there are idle workers, so a job never waits in
/// this process while another could run it; it sleeps until a worker finishes, a `jobs_available`
/// notification arrives, or `pollInterval` passes. Completions are written in batches: one
/// statement for every job completed since the last write.
///
/// With no handlers the pool still runs maintenance (rescue, schedules, cleaning).
///
/// `stop()` is graceful: no new claims, every claimed job runs to its end and its outcome is
/// written, the maintenance lead is handed over; nothing is left half-done.
///
/// `@unchecked Sendable`: the mutable state lives in `state` and is touched only while
/// `condition` is locked.
public final class WorkerPool: @unchecked Sendable {
    /// The settings the pool runs with.
    public let configuration: WorkerPoolConfiguration
    /// This process's name as lease owner and leader candidate (host, pid and a random part).
    public let nodeID: String
    let database: PostgresPool
    let handlers: [String: any JobHandler]
    let enterScope: @Sendable (PostgresConnection) throws -> Void
    let logger: Logger
    let now: @Sendable () -> Date
    let random: @Sendable () -> Double
    let maintenance: JobMaintenance
    /// Where claims, outcomes and the backlog are recorded.
    let metrics: JobMetrics
    /// How often the maintenance leader refreshes the backlog gauges (a `GROUP BY` over the
    /// waiting jobs: cheap, but not something to run per scrape).
    static let backlogInterval: TimeInterval = 15

    let condition = NSCondition()
    var state = State()
    private let threads = DispatchGroup()
    private var listener: PostgresListener?

    struct State {
        enum Phase { case idle, running, stopping, stopped }
        var phase = Phase.idle
        /// Claimed, waiting for a worker.
        var ready: [Job] = []
        /// Being run by a worker.
        var running: Set<JobLease> = []
        /// Run, outcome not yet written.
        var finished: [(lease: JobLease, maxAttempts: Int, outcome: JobOutcome)] = []
        /// A notification (or a full claim) says there may be more work now.
        var wakeRequested = true
    }

    /// A pool for `handlers` (one per kind) on `database` (the application role).
    /// - Parameters:
    ///   - enterScope: called first in every transaction the pool opens; App passes Tenancy's
    ///     platform scope (`SET LOCAL role counterpart_platform`), so Jobs needs no Tenancy.
    ///   - now: the clock every stored time comes from (tests inject theirs).
    ///   - random: numbers in [0, 1) for back-off jitter.
    ///   - onScheduleMiss: raises the missed runs the scheduler finds while this node leads.
    ///   - metrics: where claims, outcomes and the backlog are recorded.
    public init(database: PostgresPool, handlers: [any JobHandler], configuration: WorkerPoolConfiguration = .init(),
                enterScope: @escaping @Sendable (PostgresConnection) throws -> Void, logger: Logger,
                now: @escaping @Sendable () -> Date = { Date() },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                onScheduleMiss: JobScheduleMiss.Handler? = nil, metrics: JobMetrics = JobMetrics()) throws {
        try configuration.validate()
        var byKind: [String: any JobHandler] = [:]
        for handler in handlers {
            guard NewJob.isValidKind(handler.kind) else { throw JobsError.invalidJob("handler kind \"\(handler.kind)\" is not a valid kind") }
            guard byKind.updateValue(handler, forKey: handler.kind) == nil else { throw JobsError.duplicateHandler(kind: handler.kind) }
        }
        self.configuration = configuration
        self.database = database
        self.handlers = byKind
        self.enterScope = enterScope
        self.logger = logger
        self.now = now
        self.random = random
        self.metrics = metrics
        let host = ProcessInfo.processInfo.hostName
        nodeID = "\(host.prefix(60)):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8).lowercased())"
        maintenance = JobMaintenance(database: database, enterScope: enterScope, nodeID: nodeID,
                                     leaderLease: configuration.leaderLease, retention: configuration.retention,
                                     onScheduleMiss: onScheduleMiss)
    }

    /// The kinds this pool claims.
    public var kinds: [String] { handlers.keys.sorted() }

    /// Starts the threads. An unreachable database does not stop the start: the pool keeps
    /// trying each poll interval, and without LISTEN it polls.
    public func start() throws {
        try condition.withLock {
            guard state.phase == .idle else { throw JobsError.invalidConfiguration("a worker pool can be started once") }
            state.phase = .running
        }
        if configuration.listensForNotifications {
            do {
                let listener = try PostgresListener(configuration: database.configuration.connection,
                                                    channels: [JobQueue.notificationChannel], logger: logger) { [weak self] _ in
                    self?.wake()
                }
                try listener.start()
                self.listener = listener
            } catch {
                logger.warning("jobs: cannot LISTEN for notifications; polling every \(configuration.pollInterval)",
                               metadata: ["error": "\(error)"])
            }
        }
        for index in 0..<configuration.workers {
            spawn("jobs-worker-\(index)") { $0.runWorker() }
        }
        spawn("jobs-dispatcher") { $0.runDispatcher() }
        if configuration.runsMaintenance {
            spawn("jobs-maintenance") { $0.runMaintenance() }
        }
        logger.info("jobs: worker pool started", metadata: [
            "jobs.node": "\(nodeID)", "jobs.workers": "\(configuration.workers)", "jobs.kinds": "\(kinds)",
        ])
    }

    /// Stops claiming, lets every claimed job finish and its outcome be written, hands over the
    /// maintenance lead, and returns when every thread has ended. Safe to call more than once.
    public func stop() {
        let wasRunning = condition.withLock {
            let running = state.phase == .running
            if running { state.phase = .stopping }
            condition.broadcast()
            return running
        }
        guard wasRunning else { return }
        threads.wait()
        listener?.stop()
        if configuration.runsMaintenance {
            do { try maintenance.resign() } catch { logger.warning("jobs: could not resign the maintenance lead", metadata: ["error": "\(error)"]) }
        }
        condition.withLock { state.phase = .stopped }
        logger.info("jobs: worker pool stopped", metadata: ["jobs.node": "\(nodeID)"])
    }

    /// Asks the dispatcher to look for work now (a notification arrived).
    public func wake() {
        condition.withLock {
            state.wakeRequested = true
            condition.broadcast()
        }
    }

    private func spawn(_ name: String, _ body: @escaping @Sendable (WorkerPool) -> Void) {
        threads.enter()
        let thread = Thread { [self] in
            defer { threads.leave() }
            body(self)
        }
        thread.name = name
        thread.start()
    }

    /// A worker thread: takes claimed jobs and runs their handlers until the pool stops and no
    /// claimed job is left.
    private func runWorker() {
        while true {
            let next: Job? = condition.withLock {
                while state.ready.isEmpty && state.phase == .running { condition.wait() }
                guard !state.ready.isEmpty else { return nil }
                let job = state.ready.removeFirst()
                state.running.insert(job.lease)
                return job
            }
            guard let job = next else { return }
            let outcome = run(job)
            metrics.finished(kind: job.kind, outcome: outcome, attempt: job.attempt, maxAttempts: job.maxAttempts)
            condition.withLock {
                state.running.remove(job.lease)
                state.finished.append((job.lease, job.maxAttempts, outcome))
                condition.broadcast()
            }
        }
    }

    private func run(_ job: Job) -> JobOutcome {
        guard let handler = handlers[job.kind] else {
            return .dead(.permanent, reason: "no handler for kind \(job.kind) in this process")
        }
        do {
            return try handler.run(job)
        } catch {
            metrics.failed(kind: job.kind)
            logger.info("jobs: handler failed", metadata: [
                "jobs.kind": "\(job.kind)", "job_id": "\(job.id)", "partner_id": "\(job.partnerID)", "error": "\(error)",
            ])
            return JobFailure.outcome(for: error)
        }
    }

    /// The maintenance thread: one pass every interval until the pool stops.
    private func runMaintenance() {
        var deadline = Date()
        var nextBacklog = Date()
        while true {
            let stopping = condition.withLock {
                while state.phase == .running, Date() < deadline { _ = condition.wait(until: deadline) }
                return state.phase != .running
            }
            if stopping { return }
            do {
                let report = try maintenance.runOnce(now: now())
                if report.isLeader, Date() >= nextBacklog {
                    nextBacklog = Date().addingTimeInterval(Self.backlogInterval)
                    let backlog = try maintenance.inPlatformScope { try JobQueue.backlog(now: now(), on: $0) }
                    metrics.recordBacklog(backlog.map { ($0.kind, $0.available, $0.oldestAgeSeconds) })
                }
            } catch {
                logger.warning("jobs: maintenance pass failed", metadata: ["error": "\(error)"])
            }
            deadline = Date().addingTimeInterval(configuration.maintenanceInterval.seconds)
        }
    }
}

extension NSCondition {
    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        lock()
        defer { unlock() }
        return try body()
    }
}
