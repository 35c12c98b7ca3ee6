import Foundation
public import Logging
public import Sockets
import Synchronization

/// Counterpart's HTTP/1.1 server: one epoll loop per core, each with its own `SO_REUSEPORT`
/// listener, and a bounded pool of threads for handlers that block.
///
/// ```swift
/// let router = Router()
/// router.get("/healthz", execution: .eventLoop) { _ in .text("ok") }
/// let server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 8080), responder: router)
/// try server.start()
/// // … on SIGTERM:
/// server.shutdown()
/// ```
public final class HTTPServer: Sendable {
    private struct Running {
        var loops: [ServerLoop]
        var shared: ServerShared
        var address: SocketAddress
    }

    /// The configuration the server was created with.
    public let configuration: ServerConfiguration
    private let router: Router
    private let logger: Logger
    private let state = Mutex<Running?>(nil)
    private let drainCondition = NSCondition()

    /// A server that will answer with `router` once started.
    public init(configuration: ServerConfiguration, responder router: Router,
                logger: Logger = Logger(label: "counterpart.http")) {
        self.configuration = configuration
        self.router = router
        self.logger = logger
    }

    /// Binds, starts the loops and returns once the server accepts connections.
    public func start() throws {
        ProcessLimits.raiseOpenFileLimit()
        let condition = drainCondition
        let shared = ServerShared(configuration: configuration, router: router, logger: logger) {
            condition.lock()
            condition.broadcast()
            condition.unlock()
        }
        let first = try ListeningSocket(binding: configuration.address)
        var listeners = [first]
        for _ in 1..<max(1, configuration.eventLoopCount) {
            listeners.append(try ListeningSocket(binding: first.address))
        }
        var loops: [ServerLoop] = []
        for (index, listener) in listeners.enumerated() {
            let loop = try EventLoop(name: "http-loop-\(index)")
            let serverLoop = try ServerLoop(loop: loop, listener: listener, shared: shared)
            // Registered before the loop's thread starts, so no other thread touches it yet.
            try serverLoop.startAccepting()
            loop.onFatalError = { [logger] error in logger.critical("event loop stopped", metadata: ["error": "\(error)"]) }
            loops.append(serverLoop)
        }
        for serverLoop in loops { serverLoop.loop.start() }
        state.withLock { $0 = Running(loops: loops, shared: shared, address: first.address) }
        logger.info("listening", metadata: ["address": "\(first.address)", "event_loops": "\(loops.count)",
                                            "handler_threads": "\(configuration.handlerThreads)"])
    }

    /// The address the server listens on (with the real port when 0 was configured).
    public var address: SocketAddress? { state.withLock { $0?.address } }

    /// The port the server listens on; 0 before `start()`.
    public var port: UInt16 { address?.port ?? 0 }

    /// Connections open right now, across all loops.
    public var connectionCount: Int { state.withLock { $0?.shared.connectionCount ?? 0 } }

    /// Graceful shutdown: stop accepting, close idle connections, let in-flight requests finish
    /// (their responses carry `Connection: close`), then stop. Connections still open after
    /// the grace period are closed. Blocks until everything has stopped.
    public func shutdown() {
        guard let running = state.withLock({ running -> Running? in
            defer { running = nil }
            return running
        }) else { return }
        logger.info("shutting down", metadata: ["open_connections": "\(running.shared.connectionCount)"])
        for serverLoop in running.loops {
            serverLoop.loop.execute { serverLoop.beginDraining() }
        }
        let deadline = Date(timeIntervalSinceNow: Double(configuration.shutdownGracePeriod.nanoseconds) / 1e9)
        drainCondition.lock()
        while running.shared.connectionCount > 0, drainCondition.wait(until: deadline) {}
        drainCondition.unlock()
        if running.shared.connectionCount > 0 {
            logger.warning("grace period over; closing remaining connections",
                           metadata: ["open_connections": "\(running.shared.connectionCount)"])
        }
        for serverLoop in running.loops {
            serverLoop.loop.execute { serverLoop.closeAll() }
            serverLoop.loop.stop()
        }
        for serverLoop in running.loops { serverLoop.loop.waitUntilFinished() }
        running.shared.pool.shutdown()
        logger.info("stopped")
    }
}
