import Logging
import Sockets
import Synchronization

/// What one event loop of the server owns: its listener, its connections, the scratch buffer
/// reads land in, and the cached Date line. Touched only on its loop's thread.
final class ServerLoop: EventLoopHandler, @unchecked Sendable {
    // @unchecked: confined to `loop`'s thread; other threads reach it only through `loop.execute`.
    let loop: EventLoop
    let shared: ServerShared
    private(set) var listener: ListeningSocket?
    private var connections: [Int32: HTTPConnection] = [:]
    /// Reads land here first; only bytes a request has not consumed are copied out.
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    private(set) var dateLine: [UInt8] = HTTPDate.headerLine(epochSeconds: HTTPDate.nowEpochSeconds())
    private var dateSecond = HTTPDate.nowEpochSeconds()
    private var acceptPausedUntil: UInt64 = 0
    /// Set once shutdown begins: finish in-flight requests, take no new ones.
    private(set) var isDraining = false

    init(loop: EventLoop, listener: ListeningSocket, shared: ServerShared) throws {
        self.loop = loop
        self.listener = listener
        self.shared = shared
        loop.onTick = { [unowned self] in tick() }
    }

    deinit { readBuffer.deallocate() }

    /// Registers the listener; called on the loop thread once it runs.
    func startAccepting() throws {
        guard let listener else { return }
        try loop.register(listener.descriptor, interest: .readable, handler: self)
    }

    var connectionCount: Int { connections.count }

    // MARK: Accepting

    func handle(_ events: IOEvents) {
        guard let listener, !isDraining else { return }
        // Take a bounded batch so one loop's accept storm cannot starve its connections.
        for _ in 0..<64 {
            let socket: ConnectedSocket
            do {
                guard let accepted = try listener.accept() else { return }
                socket = accepted
            } catch let error as SocketError where error.isOutOfDescriptors {
                // Out of descriptors: stop asking for a moment instead of spinning on a
                // listener that stays readable.
                shared.logger.error("accept paused: out of file descriptors", metadata: ["error": "\(error)"])
                pauseAccepting()
                return
            } catch {
                shared.logger.error("accept failed", metadata: ["error": "\(error)"])
                return
            }
            guard shared.reserveConnectionSlot() else {
                refuseOverCapacity(socket)
                continue
            }
            let connection = HTTPConnection(socket: socket, owner: self)
            do {
                try loop.register(socket.descriptor, interest: HTTPConnection.interest, handler: connection)
                connections[socket.descriptor] = connection
            } catch {
                shared.releaseConnectionSlot()
                shared.logger.error("could not register connection", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Over the connection cap: one canned 503 into the empty send buffer, then close.
    private func refuseOverCapacity(_ socket: ConnectedSocket) {
        var bytes: [UInt8] = []
        ResponseWriter.append(HTTPError(.serviceUnavailable, "too many connections",
                                        headers: ["Retry-After": "\(shared.configuration.retryAfterSeconds)"]).response,
                              to: &bytes, omitBody: false, keepAlive: false, dateLine: dateLine)
        _ = bytes.withUnsafeBytes { socket.write($0) }
        // FIN first and discard whatever request already arrived: closing with unread input
        // would make the kernel send a reset that can destroy the 503 before it is read.
        socket.shutdownWrite()
        _ = socket.read(into: readBuffer)
        socket.close()
    }

    private func pauseAccepting() {
        guard let listener else { return }
        try? loop.modify(listener.descriptor, interest: [])
        acceptPausedUntil = loop.now + 1_000_000_000
    }

    // MARK: Connections

    /// Called by a connection after it closed its socket.
    func connectionClosed(_ descriptor: Int32) {
        if connections.removeValue(forKey: descriptor) != nil {
            shared.releaseConnectionSlot()
        }
    }

    private func tick() {
        let second = HTTPDate.nowEpochSeconds()
        if second != dateSecond {
            dateSecond = second
            dateLine = HTTPDate.headerLine(epochSeconds: second)
        }
        if acceptPausedUntil != 0, loop.now >= acceptPausedUntil, let listener, !isDraining {
            acceptPausedUntil = 0
            try? loop.modify(listener.descriptor, interest: .readable)
        }
        let now = loop.now
        for connection in Array(connections.values) {
            connection.enforceTimeouts(now: now)
        }
        if isDraining { shared.loopDrainProgress() }
    }

    // MARK: Shutdown

    /// Stops accepting and closes idle connections; busy ones close after their response.
    func beginDraining() {
        isDraining = true
        if let listener {
            loop.deregister(listener.descriptor)
            listener.close()
            self.listener = nil
        }
        for connection in Array(connections.values) {
            connection.drain()
        }
        shared.loopDrainProgress()
    }

    /// Closes whatever is still open when the grace period has run out.
    func closeAll() {
        for connection in Array(connections.values) {
            connection.close()
        }
        shared.loopDrainProgress()
    }
}

/// State shared by all loops of one server, safe across threads.
final class ServerShared: Sendable {
    let configuration: ServerConfiguration
    /// The configured timeouts in nanoseconds, converted once for the per-tick checks.
    let headerTimeout: UInt64
    let bodyTimeout: UInt64
    let idleTimeout: UInt64
    let writeTimeout: UInt64
    let router: Router
    let pool: HandlerPool
    let logger: Logger
    private let openConnections = Atomic<Int>(0)
    private let drainSignal: @Sendable () -> Void

    init(configuration: ServerConfiguration, router: Router, logger: Logger, drainSignal: @escaping @Sendable () -> Void) {
        self.configuration = configuration
        self.headerTimeout = configuration.headerTimeout.nanoseconds
        self.bodyTimeout = configuration.bodyTimeout.nanoseconds
        self.idleTimeout = configuration.idleTimeout.nanoseconds
        self.writeTimeout = configuration.writeTimeout.nanoseconds
        self.router = router
        self.logger = logger
        self.drainSignal = drainSignal
        self.pool = HandlerPool(threadCount: configuration.handlerThreads,
                                queueCapacity: configuration.handlerQueueCapacity, name: "http-handler")
    }

    var connectionCount: Int { openConnections.load(ordering: .relaxed) }

    func reserveConnectionSlot() -> Bool {
        let previous = openConnections.wrappingAdd(1, ordering: .relaxed).oldValue
        if previous >= configuration.maxConnections {
            openConnections.wrappingSubtract(1, ordering: .relaxed)
            router.metrics.rejectedConnection()
            return false
        }
        router.metrics.connectionOpened()
        return true
    }

    func releaseConnectionSlot() {
        openConnections.wrappingSubtract(1, ordering: .relaxed)
        router.metrics.connectionClosed()
        drainSignal()
    }

    func loopDrainProgress() { drainSignal() }
}
