import API
import Flows
import HTTPClient
public import Jobs
import Portal
import Foundation
public import HTTP
public import Logging
import CoreMetrics
public import Postgres
public import Prometheus
import Sockets
public import Tenancy

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
    /// The PostgreSQL pool; connections open on first use.
    public let database: PostgresPool
    /// The migrator for `configuration.migrationsDirectory`.
    public let migrator: Migrator
    /// The database as tenants see it: every transaction scoped, row-level security enforced.
    public let tenants: TenantDatabase
    /// The job workers and maintenance (rescue, schedules, cleaning); not started until
    /// `startJobWorkers()`. Runs the flows' handlers (``FlowHandlers``).
    public let jobWorkers: WorkerPool
    /// Commits webhook deliveries arriving together in one transaction (one WAL flush for many
    /// 202s); closed at shutdown once the server has drained.
    public let ingressCommitter: GroupCommitter?
    /// This node's heartbeats and the deliveries it refused, for availability.
    let presence: PlatformPresence
    /// Every metric this application records, rendered by `GET /metrics`.
    public let metricsRegistry: PrometheusCollectorRegistry
    /// Makes the handler behind each labelled logger (`bootstrap` installs the same globally).
    private let makeLogHandler: @Sendable (String) -> any LogHandler
    /// The operator's command-line operations.
    public var administration: Administration { Administration(tenants: tenants) }

    /// Wires the application; nothing listens and no connection opens until used.
    /// - Parameters:
    ///   - metricsRegistry: where metrics are recorded and `/metrics` renders from; tests pass
    ///     their own, the executable the one it bootstrapped `MetricsSystem` with.
    ///   - logHandler: the handler for each logger label; nil means `LoggingSystem`'s (which
    ///     `bootstrap(_:)` set to `COUNTERPART_LOG_FORMAT`).
    public init(configuration: AppConfiguration, metricsRegistry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
                logHandler: (@Sendable (String) -> any LogHandler)? = nil) throws {
        self.configuration = configuration
        self.metricsRegistry = metricsRegistry
        self.makeLogHandler = logHandler ?? { label in Logger(label: label).handler }
        let metrics = PrometheusMetricsFactory(registry: metricsRegistry)
        let makeLogHandler = self.makeLogHandler
        func makeLogger(_ label: String) -> Logger {
            Self.logger(label, level: configuration.logLevel, handler: makeLogHandler)
        }
        let logger = makeLogger("counterpart")
        self.logger = logger
        guard let databaseURL = configuration.databaseURL else {
            throw ConfigurationError(variable: "DATABASE_URL", value: nil, expected: "a PostgreSQL URL")
        }
        let databaseLogger = makeLogger("counterpart.postgres")
        var connection = PostgresConfiguration(url: databaseURL)
        // Our statements are short and index-bound. PostgreSQL compiles with JIT any whose
        // estimate looks large — an SLA page over a month's hours — and that compilation cost
        // 1.2 s of a 1.4 s page in make bench-sla. Off for the product's sessions.
        connection.runtimeParameters["jit"] = "off"
        database = try PostgresPool(
            configuration: PostgresPool.Configuration(connection: connection,
                                                      maximumConnections: configuration.databasePoolSize),
            logger: databaseLogger, metrics: PostgresPoolMetrics(factory: metrics))
        migrator = Migrator(directory: URL(fileURLWithPath: configuration.migrationsDirectory), logger: databaseLogger)

        tenants = TenantDatabase(pool: database)
        // One outbound HTTP client (libcurl's connection pool) for every connector call.
        let connectors = ConnectorCatalog.standard(runtime: .init(httpClient: try HTTPClient()))
        let secretBox = configuration.keyring.map(SecretBox.init(keyring:))
        // Workers claim and maintain jobs of every partner: the platform scope, entered through
        // a hook so that Jobs stays infrastructure and needs no Tenancy. Flows' processor moves
        // each message through its flow, the poller reads their sources.
        jobWorkers = try WorkerPool(database: database,
                                    handlers: FlowHandlers.standard(database: tenants, catalog: connectors, secretBox: secretBox,
                                                                    metrics: FlowMetrics(factory: metrics))
                                        + [TierJobLimits(database: database, now: { Date() }),
                                           RetentionPurge(database: database, now: { Date() }),
                                           MeasurementRollup(database: database, now: { Date() }),
                                           BillingMonthEnd(database: database, now: { Date() },
                                                           logger: makeLogger("counterpart.billing")),
                                           AlertEvaluationJob(evaluator: try Self.alertEvaluator(configuration, tenants, secretBox),
                                                              now: { Date() })],
                                    configuration: configuration.jobs,
                                    enterScope: { try $0.enter(.system) },
                                    logger: makeLogger("counterpart.jobs"),
                                    onScheduleMiss: FlowHandlers.scheduleMisses, metrics: JobMetrics(factory: metrics))

        let httpLogger = makeLogger("counterpart.http")
        let router = Router(logger: httpLogger, metrics: HTTPMetrics(factory: metrics))
        if !configuration.trustedProxies.isEmpty {
            // First, so the access log, throttling and the audit log all see the client.
            router.use(ForwardedClientMiddleware(trustedProxies: configuration.trustedProxies))
        }
        router.use(RequestIDMiddleware())
        router.use(AccessLogMiddleware(logger: httpLogger))
        var securityHeaders = SecurityHeadersMiddleware.Configuration()
        if configuration.servedOverTLS {
            securityHeaders.strictTransportSecurity = .init()
        }
        router.use(SecurityHeadersMiddleware(securityHeaders))
        // Templates are loaded and checked now: a broken theme stops start-up with its file and line.
        let themes = try ThemeCatalog(themesDirectory: configuration.themesDirectory)
        // Theme assets (the layout's stylesheets, logos, favicons) from our own origin. A theme
        // extends default for assets as for templates: a file it lacks is default's.
        let themeAssets = try StaticFiles(directory: configuration.themesDirectory)
        router.get("/assets/:theme/*path") { request in
            guard let theme = request.parameters["theme"], let path = request.parameters["path"],
                  themes.names.contains(theme) else { throw HTTPError(.notFound) }
            do {
                return try themeAssets.respond(to: request, relativePath: "\(theme)/assets/\(path)")
            } catch let error as HTTPError where error.status == .notFound && theme != PartnerBranding.defaultTheme {
                return try themeAssets.respond(to: request, relativePath: "\(PartnerBranding.defaultTheme)/assets/\(path)")
            }
        }
        // After the request id, so every problem carries it.
        let apiLogger = makeLogger("counterpart.api")
        router.use(ProblemMiddleware(logger: apiLogger))
        try APIv1.description(gateway: TenantGateway(database: tenants), version: Version.current,
                              branding: BrandingRules(themeNames: themes.names, baseDomain: configuration.baseDomain),
                              connectors: connectors, secretBox: secretBox)
            .install(on: router, logger: apiLogger)

        presence = PlatformPresence(database: database, logger: makeLogger("counterpart.presence"))
        ingressCommitter = configuration.ingestGroupCommit ? try GroupCommitter(pool: database, logger: databaseLogger) : nil
        WebhookRoutes.register(on: router, ingress: WebhookIngress(database: tenants, catalog: connectors, secretBox: secretBox,
                                                                  committer: ingressCommitter),
                               presence: presence, logger: makeLogger("counterpart.hooks"))

        let portalLogger = makeLogger("counterpart.portal")
        let portalConfiguration = PortalConfiguration(baseDomain: configuration.baseDomain, publicURL: configuration.publicURL)
        try portalConfiguration.validate()
        let templates = themes.defaultTemplates
        let mailer: any Mailer = if let smtpURL = configuration.smtpURL {
            SMTPMailer(client: try SMTPClient(url: smtpURL), sender: configuration.mailSender, logger: portalLogger)
        } else {
            try MailDropMailer(directory: configuration.mailDirectory, sender: configuration.mailSender, logger: portalLogger)
        }
        let portal = PortalRoutes(configuration: portalConfiguration, database: tenants, templates: templates, mailer: mailer,
                                  logger: portalLogger, connectors: connectors, secretBox: secretBox)
        portal.register(on: router)
        BrandingRoutes(catalog: themes, database: tenants, baseDomain: portalConfiguration.baseDomain).register(on: router)
        let readiness = DatabaseReadiness(pool: database, migrator: migrator, logger: logger)
        SystemRoutes.register(on: router) { readiness.report() }
        MetricsRoutes.register(on: router, registry: metricsRegistry,
                               access: configuration.metricsToken.map { .token(Array($0.utf8)) } ?? .loopback)
        var staticFiles: Route?
        if FileManager.default.fileExists(atPath: configuration.publicDirectory) {
            staticFiles = try StaticFiles(directory: configuration.publicDirectory).route
        } else {
            logger.warning("no static files", metadata: ["directory": "\(configuration.publicDirectory)"])
        }
        router.fallback = portal.notFoundRoute(behind: staticFiles)
        self.router = router
        self.server = HTTPServer(configuration: configuration.server, responder: router, logger: httpLogger)
    }

    /// Checks the migrations against the database, then starts listening.
    ///
    /// An applied migration whose file was edited (or removed) stops start-up: the code would
    /// run against a schema it does not describe. An unreachable database does not: the node
    /// starts, reports not-ready on `/readyz`, and recovers when the database comes back.
    public func start() throws {
        do {
            try DatabaseRoleCheck.verify(database)
            let status = try migrator.status(pool: database)
            if !status.pending.isEmpty {
                logger.warning("migrations pending; run `counterpart migrate`",
                               metadata: ["pending": "\(status.pending.map(\.fileName))"])
            }
        } catch let error as MigrationError {
            throw error
        } catch let error as ConfigurationError {
            throw error
        } catch {
            logger.warning("database not reachable at start; serving as not ready", metadata: ["error": "\(error)"])
        }
        try server.start()
        presence.start(.web)
    }

    /// Applies pending migrations as the schema's owner (`DATABASE_OWNER_URL`, else
    /// `DATABASE_URL`); returns the file names applied now.
    public func migrate() throws -> [String] {
        guard let ownerURL = configuration.databaseOwnerURL else {
            return try migrator.migrate(pool: database).map(\.fileName)
        }
        let ownerPool = try PostgresPool(
            configuration: PostgresPool.Configuration(connection: PostgresConfiguration(url: ownerURL), maximumConnections: 1),
            logger: Self.logger("counterpart.postgres", level: configuration.logLevel, handler: makeLogHandler))
        defer { ownerPool.close() }
        return try migrator.migrate(pool: ownerPool).map(\.fileName)
    }

    private static func logger(_ label: String, level: Logger.Level, handler: @Sendable (String) -> any LogHandler) -> Logger {
        var logger = Logger(label: label, factory: handler)
        logger.logLevel = level
        return logger
    }

    /// The process-wide set-up `serve` and `worker` do once, before any thread starts:
    /// swift-log writes in `COUNTERPART_LOG_FORMAT`, and swift-metrics records into the
    /// returned registry (pass it to `init`). Both systems can be bootstrapped once per process,
    /// so tests never call this: they inject a registry and a handler instead.
    public static func bootstrap(_ configuration: AppConfiguration) -> PrometheusCollectorRegistry {
        switch configuration.logFormat {
        case .json: LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
        case .text: LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }

    /// Starts the job workers (claiming, heartbeats, maintenance). An unreachable database
    /// does not stop them starting: they retry, and poll until LISTEN works.
    public func startJobWorkers() throws {
        // The tiers' limits are fed to the queue on a platform schedule (saved once, idempotently).
        do {
            try database.transaction { connection in
                try connection.enter(.system)
                try TierJobLimits.schedule(now: Date(), on: connection)
                try RetentionPurge.schedule(now: Date(), on: connection)
                try MeasurementRollup.schedule(now: Date(), on: connection)
                try BillingMonthEnd.schedule(now: Date(), on: connection)
                try AlertEvaluationJob.schedule(now: Date(), on: connection)
            }
        } catch {
            Self.logger("counterpart.jobs", level: .warning, handler: makeLogHandler).warning("jobs: could not save the platform schedules; retried at the next start",
                                                                    metadata: ["error": "\(error)"])
        }
        try jobWorkers.start()
        presence.start(.worker)
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully: HTTP first (in-flight requests
    /// finish), then the job workers (running jobs finish and their outcomes are written).
    /// Call `ShutdownSignals.block()` before any thread starts.
    /// - Parameter jobWorkers: whether to run the job workers too (`serve` unless
    ///   `COUNTERPART_JOB_WORKERS_ENABLED=false`).
    public func runUntilSignalled(jobWorkers runsJobWorkers: Bool = false) throws {
        try start()
        if runsJobWorkers { try startJobWorkers() }
        let signal = ShutdownSignals.wait()
        logger.notice("signal received; draining", metadata: ["signal": "\(signal)"])
        server.shutdown()
        ingressCommitter?.close()
        if runsJobWorkers { jobWorkers.stop() }
        presence.stop()
        database.close()
    }

    /// `counterpart worker`: the job workers alone, no HTTP, until SIGTERM or SIGINT; then
    /// running jobs finish and their outcomes are written before it returns.
    public func runJobWorkersUntilSignalled() throws {
        do {
            try DatabaseRoleCheck.verify(database)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            logger.warning("database not reachable at start; the workers keep trying", metadata: ["error": "\(error)"])
        }
        try startJobWorkers()
        let signal = ShutdownSignals.wait()
        logger.notice("signal received; finishing running jobs", metadata: ["signal": "\(signal)"])
        jobWorkers.stop()
        presence.stop()
        database.close()
    }
}
