import Foundation
public import Logging

/// Group commit: many callers' small units of work share one transaction and so one WAL flush.
///
/// A durable COMMIT waits for its WAL record to reach disk (PostgreSQL docs §30.4, "Asynchronous
/// Commit": `synchronous_commit = on`), so a process committing one small transaction per request
/// is bound by the disk's flush rate, not by the CPU. Here callers on handler threads submit a
/// unit; one of `committers` threads takes every unit waiting (up to `maximumUnits`), runs each
/// under its own SAVEPOINT on one pooled connection, COMMITs once, and only then wakes each caller
/// with its own result. So:
/// - nothing is answered before the COMMIT that makes it durable has returned;
/// - a unit that throws (or whose statement fails) rolls back to its savepoint alone: its caller
///   gets its error, and the other units of the batch still commit (docs: SAVEPOINT, ROLLBACK TO);
/// - a COMMIT that fails (a lost connection, a deferred constraint) fails every unit of the batch
///   that had succeeded, with that error: none of them was made durable.
///
/// Units must not end the transaction themselves and should keep to short statements: they run
/// one after another on the committer's connection while the rest of the batch waits. Settings a
/// unit makes with `SET LOCAL` outlive its savepoint's RELEASE, so a unit that relies on a
/// setting (a tenant scope, a role) sets it itself first. Call `close()` when done: it lets the
/// committers finish what is queued and stops them.
public final class GroupCommitter: @unchecked Sendable {
    /// How many units a transaction may carry and how many transactions may be in flight.
    public struct Configuration: Sendable {
        /// The most units one transaction carries; more wait for the next.
        public var maximumUnits: Int
        /// Committer threads, each with its own pooled connection while it commits. Two let one
        /// batch gather while the other's COMMIT waits for the disk.
        public var committers: Int

        /// Creates a configuration.
        public init(maximumUnits: Int = 64, committers: Int = 2) {
            self.maximumUnits = maximumUnits
            self.committers = committers
        }

        func validate() throws {
            guard maximumUnits >= 1 else { throw PostgresError(.invalidUsage, "GroupCommitter maximumUnits must be at least 1, got \(maximumUnits)") }
            guard committers >= 1 else { throw PostgresError(.invalidUsage, "GroupCommitter committers must be at least 1, got \(committers)") }
        }
    }

    /// Counts since the committer was created.
    public struct Statistics: Sendable, Hashable {
        /// Units waiting for a committer now.
        public var waiting: Int
        /// Transactions committed.
        public var commits: Int
        /// Units carried by those commits (failed units included).
        public var units: Int
    }

    /// The configuration it runs with.
    public let configuration: Configuration
    private let pool: PostgresPool
    private let logger: Logger
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var waiting: [GroupCommitUnit] = []
    private var closed = false
    private var started = false
    private var running = 0
    private var counts = (commits: 0, units: 0)

    /// Creates a committer whose `configuration.committers` threads commit units on connections
    /// from `pool`; they start with the first unit, so an unused committer costs no thread.
    /// Throws `.invalidUsage` when the configuration makes no sense.
    public init(pool: PostgresPool, configuration: Configuration = Configuration(), logger: Logger) throws {
        try configuration.validate()
        self.pool = pool
        self.configuration = configuration
        self.logger = logger
    }

    /// Called with `condition` held.
    private func startCommittersOnce() {
        guard !started else { return }
        started = true
        running = configuration.committers
        for index in 0..<configuration.committers {
            let thread = Thread { [self] in commitUntilClosed() }
            thread.name = "group-commit-\(index)"
            thread.start()
        }
    }

    /// Runs `body` in a transaction shared with other callers' units, under a savepoint of its
    /// own, and returns its result once that transaction has committed. Throws `body`'s error
    /// (its work rolled back alone), the COMMIT's error (nothing of the batch is durable), or
    /// `.invalidUsage` once the committer is closed.
    public func commit<Result: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> Result) throws -> Result {
        let outcome = GroupCommitOutcome<Result>()
        let unit = GroupCommitUnit { connection in
            // transaction { } inside a transaction is a SAVEPOINT (PostgresConnection+Transaction).
            outcome.value = Swift.Result { try connection.transaction(body) }
        }
        condition.lock()
        guard !closed else {
            condition.unlock()
            throw PostgresError(.invalidUsage, "the group committer is closed")
        }
        startCommittersOnce()
        waiting.append(unit)
        condition.broadcast()
        condition.unlock()
        unit.done.wait()
        // A unit's own error first: its work was rolled back whether or not the COMMIT held.
        if case .failure(let error)? = outcome.value { throw error }
        if let failure = unit.commitFailure { throw failure }
        guard let result = outcome.value else {
            throw PostgresError(.invalidUsage, "the group committer answered a unit it did not run")
        }
        return try result.get()
    }

    /// The current counts.
    public var statistics: Statistics {
        condition.lock()
        defer { condition.unlock() }
        return Statistics(waiting: waiting.count, commits: counts.commits, units: counts.units)
    }

    /// Waits until at least `count` units are waiting for a committer, or `timeout` passes;
    /// returns whether they were. Tests use it to hold a batch together without sleeping.
    package func waitUntilWaiting(atLeast count: Int, timeout: Duration) -> Bool {
        let deadline = Date(timeIntervalSinceNow: Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
        condition.lock()
        defer { condition.unlock() }
        while waiting.count < count {
            guard condition.wait(until: deadline) else { return waiting.count >= count }
        }
        return true
    }

    /// Refuses new units, lets the committers commit what is queued, and returns once they
    /// have stopped.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }

    private func commitUntilClosed() {
        while let batch = nextBatch() {
            commitBatch(batch)
        }
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Up to `maximumUnits` waiting units, oldest first; nil once closed and drained.
    private func nextBatch() -> [GroupCommitUnit]? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty {
            if closed { return nil }
            condition.wait()
        }
        let batch = Array(waiting.prefix(configuration.maximumUnits))
        waiting.removeFirst(batch.count)
        condition.broadcast()
        return batch
    }

    private func commitBatch(_ batch: [GroupCommitUnit]) {
        do {
            try pool.transaction { connection in
                for unit in batch { unit.run(connection) }
            }
        } catch {
            logger.warning("a group commit failed; every unit of its batch gets the error",
                           metadata: ["units": "\(batch.count)", "postgres.error": "\(PostgresError.logSummary(of: error))"])
            for unit in batch { unit.commitFailure = error }
        }
        condition.lock()
        counts.commits += 1
        counts.units += batch.count
        condition.unlock()
        for unit in batch { unit.done.signal() }
    }
}

/// One caller's unit: the work, set up by `commit`, and the signal that answers the caller.
/// Touched by the caller before it is queued and after `done`, by one committer in between.
private final class GroupCommitUnit: @unchecked Sendable {
    let run: (PostgresConnection) -> Void
    let done = DispatchSemaphore(value: 0)
    var commitFailure: (any Error)?

    init(_ run: @escaping (PostgresConnection) -> Void) {
        self.run = run
    }
}

/// A unit's own result, written by the committer before `done` is signalled.
private final class GroupCommitOutcome<Value: Sendable>: @unchecked Sendable {
    var value: Result<Value, any Error>?
}
