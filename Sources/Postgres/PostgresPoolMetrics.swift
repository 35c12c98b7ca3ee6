public import CoreMetrics
import Synchronization

/// What a `PostgresPool` records (issue 7 §6), through swift-metrics' API: connections open
/// and lent out, callers that had to wait and for how long, and errors by SQLSTATE class
/// (`23` integrity, `40` rollback, `08` connection…: two characters from a fixed list in the
/// PostgreSQL manual, Appendix A, so the label set stays small).
public final class PostgresPoolMetrics: Sendable {
    private let factory: any MetricsFactory
    private let open: Gauge
    private let inUse: Gauge
    private let waits: Counter
    private let waitTime: Timer
    private let errors = Mutex<[String: Counter]>([:])

    /// Metrics made by `factory`; the default is whatever `MetricsSystem` was bootstrapped with.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        open = Gauge(label: "postgres_pool_connections_open", factory: factory)
        inUse = Gauge(label: "postgres_pool_connections_in_use", factory: factory)
        waits = Counter(label: "postgres_pool_waits_total", factory: factory)
        waitTime = Timer(label: "postgres_pool_wait_seconds", factory: factory)
    }

    /// The pool's counts after a change.
    func record(_ statistics: PostgresPool.Statistics) {
        open.record(statistics.open)
        inUse.record(statistics.leased)
    }

    /// A caller found every connection in use and waited `nanoseconds` (also when it then timed out).
    func waited(nanoseconds: UInt64) {
        waits.increment()
        waitTime.recordNanoseconds(Int64(clamping: nanoseconds))
    }

    /// Counts `error` by its SQLSTATE class; errors of the pool itself (a timeout, a closed
    /// pool) by their kind; anything that is not a `PostgresError` is not the database's.
    func failed(with error: any Error) {
        guard let error = error as? PostgresError else { return }
        let label = error.code?.errorClass ?? "client_" + error.kind.rawValue
        let counter = errors.withLock { cache in
            if let counter = cache[label] { return counter }
            let counter = Counter(label: "postgres_errors_total", dimensions: [("class", label)], factory: factory)
            cache[label] = counter
            return counter
        }
        counter.increment()
    }
}
