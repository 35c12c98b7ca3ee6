/// The bookkeeping of a connection pool as a value: what is idle, leased, being opened and
/// waited for, and what to do next. No locks, no I/O, no clock of its own — the pool holds it
/// under its lock, passes `now` in, and performs the actions it returns (open a connection,
/// close expired ones) outside the lock. Generic over the connection so tests can use plain
/// values.
///
/// Invariant: `idle.count + leased + opening <= maximum`. Every slot handed out by `lease`
/// comes back through exactly one of `opened`/`openFailed` (for `.open`) and then
/// `release`/`discardLeased` (for a leased connection).
struct ConnectionPoolState<Connection> {
    /// What a caller wanting a connection should do.
    enum Lease {
        /// Use this idle connection (after checking it is still alive).
        case reuse(Connection)
        /// A slot is reserved: open a new connection, then call `opened()` or `openFailed()`.
        case open
        /// Every slot is taken: wait for a release and ask again.
        case wait
        /// The pool is closed.
        case closed
    }

    private struct IdleEntry {
        let connection: Connection
        let since: ContinuousClock.Instant
    }

    let minimum: Int
    let maximum: Int
    let idleTimeout: Duration
    /// Idle connections, oldest first; leasing takes the newest, so the oldest age out.
    private var idle: [IdleEntry] = []
    private(set) var leased = 0
    private(set) var opening = 0
    private(set) var isClosed = false

    init(minimum: Int, maximum: Int, idleTimeout: Duration) {
        precondition(maximum >= 1 && minimum >= 0 && minimum <= maximum, "pool bounds validated by the caller")
        self.minimum = minimum
        self.maximum = maximum
        self.idleTimeout = idleTimeout
    }

    /// Connections open or being opened.
    var total: Int { idle.count + leased + opening }
    /// Connections sitting idle.
    var idleCount: Int { idle.count }

    /// Decides how to serve one request for a connection. Also returns idle connections that
    /// have outlived `idleTimeout` beyond the `minimum`, for the caller to close.
    mutating func lease(now: ContinuousClock.Instant) -> (Lease, expired: [Connection]) {
        let expired = removeExpired(now: now)
        if isClosed { return (.closed, expired) }
        if let newest = idle.popLast() {
            leased += 1
            return (.reuse(newest.connection), expired)
        }
        if total < maximum {
            opening += 1
            return (.open, expired)
        }
        return (.wait, expired)
    }

    /// A connection reserved by `.open` is now open and leased.
    mutating func opened() {
        precondition(opening > 0, "opened() without a reserved slot")
        opening -= 1
        leased += 1
    }

    /// A connection reserved by `.open` could not be opened; its slot is free again.
    mutating func openFailed() {
        precondition(opening > 0, "openFailed() without a reserved slot")
        opening -= 1
    }

    /// A leased connection comes back healthy. Returns false if the pool is closed, in which
    /// case the caller closes it instead.
    mutating func release(_ connection: Connection, now: ContinuousClock.Instant) -> Bool {
        precondition(leased > 0, "release() without a lease")
        leased -= 1
        guard !isClosed else { return false }
        idle.append(IdleEntry(connection: connection, since: now))
        return true
    }

    /// A leased connection is broken or closed; its slot is free again.
    mutating func discardLeased() {
        precondition(leased > 0, "discardLeased() without a lease")
        leased -= 1
    }

    /// Closes the pool; returns the idle connections to close. Leased ones are closed on return.
    mutating func close() -> [Connection] {
        isClosed = true
        defer { idle.removeAll() }
        return idle.map(\.connection)
    }

    private mutating func removeExpired(now: ContinuousClock.Instant) -> [Connection] {
        var expired: [Connection] = []
        while idle.count + leased > minimum, let oldest = idle.first, now - oldest.since >= idleTimeout {
            expired.append(idle.removeFirst().connection)
        }
        return expired
    }
}
