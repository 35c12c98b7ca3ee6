import Foundation
public import HTTP
public import Logging
import Sockets

/// The composition root: builds loggers, the database pool, the router and the server from an
/// `AppConfiguration`, and owns their lifecycle.
public final class Application: Sendable {
    /// The validated configuration.
    public let configuration: AppConfiguration
    /// The root logger; components take labelled copies.
    public let logger: Logger
    /// The router with every route registered.
    public let router: Router
    /// The HTTP server (not started until `start()`).
    public let server: HTTPServer

    /// Wires the application; nothing listens or connects until `start()`.
    public init(configuration: AppConfiguration, readiness: @escaping @Sendable () -> ReadinessReport = {
        ReadinessReport(ready: true, database: "not configured", pendingMigrations: [])
    }) throws {
        self.configuration = configuration
        var logger = Logger(label: "counterpart")
        logger.logLevel = configuration.logLevel
        self.logger = logger
        var httpLogger = Logger(label: "counterpart.http")
        httpLogger.logLevel = configuration.logLevel
        let router = Router(logger: httpLogger)
        router.use(RequestIDMiddleware())
        router.use(AccessLogMiddleware(logger: httpLogger))
        SystemRoutes.register(on: router, readiness: readiness)
        if FileManager.default.fileExists(atPath: configuration.publicDirectory) {
            router.fallback = try StaticFiles(directory: configuration.publicDirectory).route
        } else {
            logger.warning("no static files", metadata: ["directory": "\(configuration.publicDirectory)"])
        }
        self.router = router
        self.server = HTTPServer(configuration: configuration.server, responder: router, logger: httpLogger)
    }

    /// Starts listening.
    public func start() throws {
        try server.start()
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully. Call `ShutdownSignals.block()`
    /// before any thread starts.
    public func runUntilSignalled() throws {
        try start()
        let signal = ShutdownSignals.wait()
        logger.notice("signal received; draining", metadata: ["signal": "\(signal)"])
        server.shutdown()
    }
}
