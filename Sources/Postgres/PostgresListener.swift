import Foundation
import Glibc
public import Logging
import Synchronization

/// Receives `NOTIFY`s on a set of channels with its own connection and thread.
///
/// The thread sleeps in `poll` on the connection's socket (and on a wake-up pipe for `stop()`),
/// so an idle listener costs no CPU and delivers a notification as soon as it arrives. When the
/// connection breaks — a server restart, a failover — it reconnects with exponential back-off,
/// LISTENs again, and emits `.reconnected`: notifications sent while it was away are lost (they
/// are not queued for absent sessions), so consumers re-scan whatever the notifications
/// announce. Channel names are quoted with `PQescapeIdentifier`, so any name is safe.
///
/// The handler runs on the listener's thread; it must return quickly (signal a condition,
/// enqueue work), since no notification is read while it runs.
public final class PostgresListener: Sendable {
    /// What the listener reports.
    public enum Event: Sendable, Hashable {
        /// A notification on one of the channels.
        case notification(PostgresNotification)
        /// The connection was re-established and every channel is listened to again; any
        /// notification sent meanwhile was missed.
        case reconnected
    }

    private enum Phase { case idle, running, stopping, stopped }

    private struct State {
        var phase = Phase.idle
        var thread: pthread_t?
    }

    /// The channels listened to.
    public let channels: [String]
    private let configuration: PostgresConfiguration
    private let logger: Logger
    private let handler: @Sendable (Event) -> Void
    private let reconnectDelay: Duration
    private let maximumReconnectDelay: Duration
    private let state = Mutex(State())
    private let wakeup: WakeupPipe
    private let running = DispatchGroup()

    /// Prepares a listener; nothing connects until `start()`.
    /// Throws `.invalidUsage` for an empty list or a name PostgreSQL would truncate (63 bytes).
    public init(configuration: PostgresConfiguration, channels: [String], logger: Logger,
                reconnectDelay: Duration = .milliseconds(100), maximumReconnectDelay: Duration = .seconds(5),
                handler: @escaping @Sendable (Event) -> Void) throws {
        guard !channels.isEmpty else { throw PostgresError(.invalidUsage, "a listener needs at least one channel") }
        for channel in channels where channel.isEmpty || channel.utf8.count > 63 || channel.utf8.contains(0) {
            throw PostgresError(.invalidUsage, "channel name \"\(channel)\" must be 1 to 63 bytes without NUL (NAMEDATALEN)")
        }
        self.channels = channels
        self.configuration = configuration
        self.logger = logger
        self.handler = handler
        self.reconnectDelay = reconnectDelay
        self.maximumReconnectDelay = max(reconnectDelay, maximumReconnectDelay)
        self.wakeup = try WakeupPipe()
    }

    /// Connects, LISTENs on every channel, and returns once notifications will be delivered.
    /// Throws if that first connection fails; later failures are retried on the thread.
    public func start() throws {
        try state.withLock { state in
            guard state.phase == .idle else { throw PostgresError(.invalidUsage, "a listener can be started once") }
            state.phase = .running
        }
        let startup = StartupReport()
        running.enter()
        let thread = Thread { [self] in
            defer { running.leave() }
            run(startup)
        }
        thread.name = "postgres-listener"
        thread.start()
        if let failure = startup.wait() {
            running.wait()
            state.withLock { $0.phase = .stopped }
            throw failure
        }
    }

    /// Stops listening, closes the connection and returns once the thread has ended (unless
    /// called from the handler, which runs on that thread: then it returns at once and the
    /// thread ends after the handler returns). Safe to call more than once.
    public func stop() {
        let fromOwnThread = state.withLock { state -> Bool in
            if state.phase == .idle { state.phase = .stopped }
            if state.phase == .running { state.phase = .stopping }
            return state.thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false
        }
        wakeup.wake()
        if !fromOwnThread { running.wait() }
    }

    private var isRunning: Bool { state.withLock { $0.phase == .running } }

    private func run(_ startup: StartupReport) {
        state.withLock { $0.thread = pthread_self() }
        var connection: PostgresConnection
        do {
            connection = try connectAndListen()
        } catch {
            startup.report(error as? PostgresError ?? PostgresError(.connectionFailed, "\(error)"))
            return
        }
        startup.report(nil)
        deliverPending(on: &connection)
        while isRunning {
            guard let socket = try? connection.socketDescriptor(),
                  let ready = try? SocketPoll.readable([socket, wakeup.readDescriptor], timeoutMilliseconds: -1) else {
                guard let fresh = reconnect() else { break }
                connection = fresh
                continue
            }
            if ready[1] { wakeup.drain() }
            if ready[0] { deliverPending(on: &connection) }
        }
        connection.close()
        state.withLock { $0.phase = .stopped }
        logger.debug("PostgreSQL listener stopped")
    }

    /// Hands every notification the connection holds to the handler; on a lost connection,
    /// reconnects (or leaves a closed connection behind when stopping).
    private func deliverPending(on connection: inout PostgresConnection) {
        do {
            for notification in try connection.receiveNotifications() {
                handler(.notification(notification))
            }
        } catch {
            logger.warning("PostgreSQL listener lost its connection; reconnecting",
                           metadata: ["postgres.error": "\(PostgresError.logSummary(of: error))"])
            connection.close()
            if let fresh = reconnect() {
                connection = fresh
            }
        }
    }

    /// Opens a connection and LISTENs, retrying with doubling delays until it works or the
    /// listener stops. Emits `.reconnected` on success.
    private func reconnect() -> PostgresConnection? {
        var delay = reconnectDelay
        while isRunning {
            do {
                var connection = try connectAndListen()
                logger.info("PostgreSQL listener reconnected", metadata: ["postgres.channels": "\(channels.count)"])
                handler(.reconnected)
                deliverPending(on: &connection)
                return connection
            } catch {
                logger.warning("PostgreSQL listener cannot reconnect yet; retrying",
                               metadata: ["postgres.error": "\(PostgresError.logSummary(of: error))",
                                          "postgres.retry_in": "\(delay)"])
                let milliseconds = Int32(clamping: Int(delay.seconds * 1000))
                _ = try? SocketPoll.readable([wakeup.readDescriptor], timeoutMilliseconds: milliseconds)
                delay = min(delay * 2, maximumReconnectDelay)
            }
        }
        return nil
    }

    private func connectAndListen() throws -> PostgresConnection {
        let connection = try PostgresConnection(configuration: configuration, logger: logger)
        for channel in channels {
            // LISTEN takes no parameters; the quoted identifier is the safe alternative.
            try connection.execute(PostgresQuery(unsafeSQL: "LISTEN \(try connection.quoteIdentifier(channel))"))
        }
        return connection
    }
}

/// Carries the first connection's outcome from the listener thread to `start()`.
private final class StartupReport: Sendable {
    private let outcome = Mutex<PostgresError??>(nil)
    private let reported = DispatchSemaphore(value: 0)

    func report(_ failure: PostgresError?) {
        outcome.withLock { $0 = .some(failure) }
        reported.signal()
    }

    func wait() -> PostgresError? {
        reported.wait()
        return outcome.withLock { $0 ?? nil }
    }
}
