import Foundation
public import Logging

/// A thread-safe pool of `PostgresConnection`s for code running on ordinary threads.
///
/// `withConnection` lends a connection to a closure and takes it back afterwards, also when
/// the closure throws. A connection that comes back broken, closed, or stuck in a transaction
/// that cannot be rolled back is closed instead of pooled. Before an idle connection is lent
/// it is probed (`isAliveWhenIdle`, one zero-timeout `poll`), so connections the server closed
/// during a restart are replaced rather than handed out. When every connection is in use a
/// caller waits up to `acquireTimeout` and then gets `PostgresError` of kind `.poolTimeout`.
///
/// `@unchecked Sendable`: all mutable state lives in `state` and is read and written only
/// while `condition` is locked; connections move between threads whole, one holder at a time.
public final class PostgresPool: @unchecked Sendable {
    /// The pool's limits, with defaults.
    public struct Configuration: Sendable {
        /// How each connection is opened.
        public var connection: PostgresConfiguration
        /// Idle connections kept open even past `idleTimeout`; `prewarm()` opens this many.
        public var minimumConnections: Int
        /// The most connections open at once (default 10).
        public var maximumConnections: Int
        /// How long a caller waits for a free connection before `.poolTimeout` (default 10 s).
        public var acquireTimeout: Duration
        /// Idle connections above the minimum are closed after this long unused (default 5 min).
        public var idleTimeout: Duration

        /// A configuration with defaults for everything but the connection.
        public init(connection: PostgresConfiguration, minimumConnections: Int = 0, maximumConnections: Int = 10,
                    acquireTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(300)) {
            self.connection = connection
            self.minimumConnections = minimumConnections
            self.maximumConnections = maximumConnections
            self.acquireTimeout = acquireTimeout
            self.idleTimeout = idleTimeout
        }

        func validate() throws {
            guard maximumConnections >= 1 else {
                throw PostgresError(.invalidUsage, "maximumConnections must be at least 1, got \(maximumConnections)")
            }
            guard (0...maximumConnections).contains(minimumConnections) else {
                throw PostgresError(.invalidUsage, "minimumConnections must be between 0 and maximumConnections (\(maximumConnections)), got \(minimumConnections)")
            }
            guard acquireTimeout > .zero, idleTimeout > .zero else {
                throw PostgresError(.invalidUsage, "acquireTimeout and idleTimeout must be positive")
            }
        }
    }

    /// A snapshot of the pool's counts, for metrics and tests.
    public struct Statistics: Sendable, Hashable {
        /// Connections open or being opened.
        public var open: Int
        /// Open connections nobody holds.
        public var idle: Int
        /// Connections lent out.
        public var leased: Int
        /// Callers waiting for a connection.
        public var waiting: Int

        /// A snapshot from its parts.
        public init(open: Int, idle: Int, leased: Int, waiting: Int) {
            self.open = open
            self.idle = idle
            self.leased = leased
            self.waiting = waiting
        }
    }

    /// The configuration the pool was created with.
    public let configuration: Configuration
    let logger: Logger
    /// Where the pool's counts, waits and errors are recorded.
    let metrics: PostgresPoolMetrics
    private let condition = NSCondition()
    private var state: ConnectionPoolState<PostgresConnection>
    private var waiting = 0

    /// Creates an empty pool; connections open on first use (or in `prewarm()`).
    /// Throws `.invalidUsage` when the configuration's limits make no sense.
    /// - Parameter metrics: where to record the pool's counts; the default uses `MetricsSystem`.
    public init(configuration: Configuration, logger: Logger, metrics: PostgresPoolMetrics = PostgresPoolMetrics()) throws {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        self.state = ConnectionPoolState(minimum: configuration.minimumConnections,
                                         maximum: configuration.maximumConnections,
                                         idleTimeout: configuration.idleTimeout)
    }

    deinit {
        for connection in state.close() { connection.close() }
    }

    /// Lends a connection to `body` and takes it back when `body` returns or throws.
    public func withConnection<Result>(_ body: (PostgresConnection) throws -> Result) throws -> Result {
        let connection: PostgresConnection
        do {
            connection = try acquire()
        } catch {
            metrics.failed(with: error)
            throw error
        }
        defer { release(connection) }
        do {
            return try body(connection)
        } catch {
            metrics.failed(with: error)
            throw error
        }
    }

    /// Opens connections until `minimumConnections` are open, so start-up fails fast when the
    /// database is unreachable.
    public func prewarm() throws {
        var held: [PostgresConnection] = []
        defer { held.forEach(release) }
        while held.count < configuration.minimumConnections { held.append(try acquire()) }
    }

    /// Closes idle connections and refuses new leases; leased ones close when returned.
    public func close() {
        condition.lock()
        let idle = state.close()
        condition.broadcast()
        condition.unlock()
        idle.forEach { $0.close() }
    }

    /// The pool's current counts.
    public var statistics: Statistics {
        condition.lock()
        defer { condition.unlock() }
        return Statistics(open: state.total, idle: state.idleCount, leased: state.leased, waiting: waiting)
    }

    private func acquire() throws -> PostgresConnection {
        let deadline = Date(timeIntervalSinceNow: configuration.acquireTimeout.seconds)
        while true {
            condition.lock()
            var (decision, expired) = state.lease(now: .now)
            var waitStarted: UInt64?
            defer { if let waitStarted { metrics.waited(nanoseconds: DispatchTime.now().uptimeNanoseconds - waitStarted) } }
            while case .wait = decision {
                if waitStarted == nil { waitStarted = DispatchTime.now().uptimeNanoseconds }
                guard Date() < deadline else {
                    let counts = "\(state.total) open, \(state.leased) in use, \(waiting) others waiting"
                    condition.unlock()
                    expired.forEach { $0.close() }
                    throw PostgresError(.poolTimeout, "no connection became free within \(configuration.acquireTimeout) "
                                        + "(maximumConnections \(configuration.maximumConnections); \(counts))")
                }
                waiting += 1
                _ = condition.wait(until: deadline)
                waiting -= 1
                let next = state.lease(now: .now)
                decision = next.0
                expired += next.expired
            }
            let counts = Statistics(open: state.total, idle: state.idleCount, leased: state.leased, waiting: waiting)
            condition.unlock()
            metrics.record(counts)
            expired.forEach { $0.close() }

            switch decision {
            case .closed:
                throw PostgresError(.poolClosed, "the pool was closed")
            case .reuse(let connection):
                if connection.isAliveWhenIdle() { return connection }
                logger.info("discarding an idle PostgreSQL connection the server closed; opening a new one")
                connection.close()
                update { $0.discardLeased() }
            case .open:
                do {
                    let connection = try PostgresConnection(configuration: configuration.connection, logger: logger)
                    update { $0.opened() }
                    return connection
                } catch {
                    update { $0.openFailed() }
                    logger.warning("opening a PostgreSQL connection failed", metadata: ["postgres.error": "\(PostgresError.logSummary(of: error))"])
                    throw error
                }
            case .wait:
                preconditionFailure("waiting is handled above")
            }
        }
    }

    /// Takes a connection back: pooled if healthy and idle, else rolled back or closed.
    private func release(_ connection: PostgresConnection) {
        var reusable = connection.isOpen
        if reusable, connection.transactionState != .idle {
            // A caller that issued BEGIN itself and bailed out; never pool an open transaction.
            reusable = connection.isInTransaction && (try? connection.execute("ROLLBACK")) != nil
                && connection.transactionState == .idle
            logger.warning("a pooled connection came back inside a transaction; rolled back: \(reusable)")
        }
        condition.lock()
        let pooled = reusable && state.release(connection, now: .now)
        if !reusable { state.discardLeased() }
        let counts = Statistics(open: state.total, idle: state.idleCount, leased: state.leased, waiting: waiting)
        condition.broadcast()
        condition.unlock()
        metrics.record(counts)
        if !pooled {
            if !reusable { logger.info("discarding a broken PostgreSQL connection") }
            connection.close()
        }
    }

    private func update(_ change: (inout ConnectionPoolState<PostgresConnection>) -> Void) {
        condition.lock()
        change(&state)
        let counts = Statistics(open: state.total, idle: state.idleCount, leased: state.leased, waiting: waiting)
        condition.broadcast()
        condition.unlock()
        metrics.record(counts)
    }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
