import Foundation
public import HTTP
public import Tenancy
public import Logging
public import Sockets
public import Jobs

/// Everything Counterpart reads from its environment, validated at start. A bad value stops
/// start-up with a `ConfigurationError` that names the variable and what it accepts.
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `DATABASE_URL` | libpq URL of the application role (subject to row-level security) | required for serve |
/// | `DATABASE_OWNER_URL` | libpq URL of the schema's owner, for `migrate` | `DATABASE_URL` |
/// | `COUNTERPART_BASE_DOMAIN` | partners are found at `<slug>.<base domain>`; the base domain itself shows the platform | `localhost` |
/// | `COUNTERPART_TRUSTED_PROXIES` | comma-separated addresses or CIDR blocks whose `X-Forwarded-For` names the client | none |
/// | `COUNTERPART_THEMES_DIR` | portal themes | `Themes` |
/// | `COUNTERPART_MAIL_DIR` | where outgoing mail is queued as .eml files until SMTP delivery exists | `/var/tmp/counterpart-mail` |
/// | `COUNTERPART_MAIL_FROM` | the sender of portal mail and alerts | `Counterpart <no-reply@<base domain>>` |
/// | `COUNTERPART_SMTP_URL` | `smtp://` or `smtps://` submission server (`smtps://user:password@host:465`); set, mail goes out over SMTP instead of into `COUNTERPART_MAIL_DIR` | none |
/// | `COUNTERPART_MASTER_KEY` / `_FILE` | the key that seals secrets (base64 of 32 bytes) | none: no secrets can be stored |
/// | `COUNTERPART_PREVIOUS_MASTER_KEYS` | earlier keys, still opened during `keys rotate` | none |
/// | `COUNTERPART_PUBLIC_URL` | the portal's external URL scheme decides Secure cookies and links in e-mails | `http://<listen address>` |
/// | `COUNTERPART_LISTEN` | `host:port` to listen on | `127.0.0.1:8080` |
/// | `COUNTERPART_WORKERS` | handler threads (blocking work: database, files) | 16 |
/// | `COUNTERPART_EVENT_LOOPS` | epoll loops | number of cores |
/// | `COUNTERPART_LOG_LEVEL` | trace, debug, info, notice, warning, error, critical | info |
/// | `COUNTERPART_MAX_CONNECTIONS` | open connections before 503 | 10000 |
/// | `COUNTERPART_MAX_BODY_BYTES` | largest request body | 1048576 |
/// | `COUNTERPART_HANDLER_QUEUE` | requests waiting for a handler before 503 | 256 |
/// | `COUNTERPART_HEADER_TIMEOUT` / `_BODY_TIMEOUT` / `_IDLE_TIMEOUT` | seconds | 10 / 30 / 60 |
/// | `COUNTERPART_SHUTDOWN_GRACE` | seconds to finish in-flight requests on SIGTERM | 30 |
/// | `COUNTERPART_DB_POOL_SIZE` | PostgreSQL connections | 20 |
/// | `COUNTERPART_PUBLIC_DIR` / `COUNTERPART_MIGRATIONS_DIR` | folders | `Public` / `Migrations` |
/// | `COUNTERPART_JOB_WORKERS` | threads running jobs per process (`counterpart worker`, and `serve` unless disabled) | 4 |
/// | `COUNTERPART_JOB_LEASE` | seconds a claimed job stays leased without a heartbeat; a dead worker's jobs return after it | 300 |
/// | `COUNTERPART_JOB_MAINTENANCE_INTERVAL` / `_LEADER_LEASE` | seconds between maintenance passes (rescue, schedules) / a leader's unrenewed lead | 5 / 30 |
/// | `COUNTERPART_JOB_WORKERS_ENABLED` | `true` or `false`: whether `serve` also runs the job workers and maintenance | `true` |
/// | `COUNTERPART_LOG_FORMAT` | `json` (one JSON object per line on standard error) or `text` (swift-log's plain lines) | `json` |
/// | `COUNTERPART_METRICS_TOKEN` | bearer token `GET /metrics` requires (16+ visible ASCII characters); unset: loopback clients only | none |
/// | `COUNTERPART_INGEST_COMMIT` | `group` (deliveries arriving together share one COMMIT) or `each` (one transaction per delivery) | `group` |
public struct AppConfiguration: Sendable {
    /// The application role's libpq URL; nil only for commands that need no database.
    public var databaseURL: String?
    /// The schema owner's libpq URL for migrations; nil means `databaseURL`.
    public var databaseOwnerURL: String?
    /// The domain under which partners' portals live (`acme.<base domain>`).
    public var baseDomain: String
    /// The external base URL (scheme, host, port) people reach the portal at; links in
    /// e-mails are built from it and an `https` URL turns on Secure cookies and HSTS.
    public var publicURL: String
    /// The load balancers and proxies whose `X-Forwarded-For` is believed.
    public var trustedProxies: [IPAddressRange]
    /// The master keys, when configured; a malformed key stops start-up.
    public var keyring: Keyring?
    /// Where the portal's themes are.
    public var themesDirectory: String
    /// Where mail is queued.
    public var mailDirectory: String
    /// The sender of portal mail.
    public var mailSender: String
    /// The SMTP submission server (may carry credentials: never log it), or nil to queue mail
    /// as files.
    public var smtpURL: String?
    /// Whether the portal is served over TLS (from `publicURL`).
    public var servedOverTLS: Bool { publicURL.hasPrefix("https://") }
    /// The HTTP server's settings.
    public var server: ServerConfiguration
    /// The log level for every logger.
    public var logLevel: Logger.Level
    /// How log lines are written (`COUNTERPART_LOG_FORMAT`).
    public var logFormat: LogFormat
    /// The token a scrape of `/metrics` must present; nil serves loopback clients only.
    public var metricsToken: String?
    /// PostgreSQL pool size.
    public var databasePoolSize: Int
    /// Where static files are served from.
    public var publicDirectory: String
    /// Where `NNNN_name.sql` migrations are read from.
    public var migrationsDirectory: String
    /// The job worker pool's settings (`COUNTERPART_JOB_WORKERS`, `_LEASE`, `_MAINTENANCE_INTERVAL`, `_LEADER_LEASE`).
    public var jobs: WorkerPoolConfiguration
    /// Whether `serve` runs the job workers beside HTTP (`COUNTERPART_JOB_WORKERS_ENABLED`);
    /// `counterpart worker` runs them regardless.
    public var serveRunsJobWorkers: Bool
    /// Whether webhook deliveries share COMMITs through a group committer
    /// (`COUNTERPART_INGEST_COMMIT=group`) or each commit alone (`each`, where PostgreSQL's own
    /// group commit shares the WAL flush among concurrent ones). Either way a 202 follows its COMMIT.
    public var ingestGroupCommit: Bool

    /// Reads and validates the configuration from `environment`.
    /// - Parameter requireDatabase: whether `DATABASE_URL` must be set.
    public init(environment values: [String: String], requireDatabase: Bool = true) throws {
        let environment = Environment(values: values)
        databaseURL = environment.string("DATABASE_URL")
        if requireDatabase, databaseURL == nil {
            throw ConfigurationError(variable: "DATABASE_URL", value: nil,
                                     expected: "a PostgreSQL URL such as postgresql://user@127.0.0.1:5432/counterpart")
        }
        if let url = databaseURL, !(url.hasPrefix("postgresql://") || url.hasPrefix("postgres://")) {
            // Not echoed: the URL may contain a password.
            throw ConfigurationError(variable: "DATABASE_URL", value: nil,
                                     expected: "a URL starting with postgresql:// or postgres://", isSet: true)
        }
        databaseOwnerURL = environment.string("DATABASE_OWNER_URL")
        if let url = databaseOwnerURL, !(url.hasPrefix("postgresql://") || url.hasPrefix("postgres://")) {
            throw ConfigurationError(variable: "DATABASE_OWNER_URL", value: nil,
                                     expected: "a URL starting with postgresql:// or postgres://", isSet: true)
        }
        let listenText = environment.string("COUNTERPART_LISTEN") ?? "127.0.0.1:8080"
        guard let address = SocketAddress(parsing: listenText) else {
            throw ConfigurationError(variable: "COUNTERPART_LISTEN", value: listenText,
                                     expected: "host:port with a numeric IPv4 or [IPv6] address, e.g. 0.0.0.0:8080")
        }
        var server = ServerConfiguration(address: address)
        server.handlerThreads = try environment.integer("COUNTERPART_WORKERS", default: 16, range: 1...1024)
        server.eventLoopCount = try environment.integer("COUNTERPART_EVENT_LOOPS", default: ProcessLimits.processorCount, range: 1...256)
        server.maxConnections = try environment.integer("COUNTERPART_MAX_CONNECTIONS", default: 10_000, range: 1...1_000_000)
        server.handlerQueueCapacity = try environment.integer("COUNTERPART_HANDLER_QUEUE", default: 256, range: 1...100_000)
        server.limits.maxBodyBytes = try environment.integer("COUNTERPART_MAX_BODY_BYTES", default: 1 << 20, range: 0...(1 << 30))
        server.headerTimeout = try environment.seconds("COUNTERPART_HEADER_TIMEOUT", default: 10, range: 1...3600)
        server.bodyTimeout = try environment.seconds("COUNTERPART_BODY_TIMEOUT", default: 30, range: 1...3600)
        server.idleTimeout = try environment.seconds("COUNTERPART_IDLE_TIMEOUT", default: 60, range: 1...3600)
        server.shutdownGracePeriod = try environment.seconds("COUNTERPART_SHUTDOWN_GRACE", default: 30, range: 0...3600)
        self.server = server
        logLevel = try environment.choice("COUNTERPART_LOG_LEVEL", default: .info, from: [
            "trace": .trace, "debug": .debug, "info": .info, "notice": .notice,
            "warning": .warning, "error": .error, "critical": .critical,
        ])
        logFormat = try environment.choice("COUNTERPART_LOG_FORMAT", default: .json, from: ["json": .json, "text": .text])
        metricsToken = environment.string("COUNTERPART_METRICS_TOKEN")
        if let token = metricsToken, token.utf8.count < 16 || !token.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) {
            // Not echoed: it is a secret.
            throw ConfigurationError(variable: "COUNTERPART_METRICS_TOKEN", value: nil,
                                     expected: "at least 16 visible ASCII characters without spaces (e.g. `openssl rand -hex 32`)",
                                     isSet: true)
        }
        databasePoolSize = try environment.integer("COUNTERPART_DB_POOL_SIZE", default: 20, range: 1...1000)
        publicDirectory = environment.string("COUNTERPART_PUBLIC_DIR") ?? "Public"
        migrationsDirectory = environment.string("COUNTERPART_MIGRATIONS_DIR") ?? "Migrations"
        // A short lease and election make a killed worker's jobs come back quickly (tests, and
        // operators who prefer a fast rescue to fewer heartbeats); the leader lease must outlast
        // the maintenance interval, which `validate()` below checks.
        jobs = WorkerPoolConfiguration(workers: try environment.integer("COUNTERPART_JOB_WORKERS", default: 4, range: 1...256),
                                       leaseDuration: try environment.seconds("COUNTERPART_JOB_LEASE", default: 300, range: 1...86_400),
                                       maintenanceInterval: try environment.seconds("COUNTERPART_JOB_MAINTENANCE_INTERVAL", default: 5,
                                                                                    range: 1...3600),
                                       leaderLease: try environment.seconds("COUNTERPART_JOB_LEADER_LEASE", default: 30, range: 2...86_400))
        guard jobs.leaderLease > jobs.maintenanceInterval else {
            throw ConfigurationError(variable: "COUNTERPART_JOB_LEADER_LEASE", value: String(Int(jobs.leaderLease.components.seconds)),
                                     expected: "more seconds than COUNTERPART_JOB_MAINTENANCE_INTERVAL (\(Int(jobs.maintenanceInterval.components.seconds)))")
        }
        serveRunsJobWorkers = try environment.choice("COUNTERPART_JOB_WORKERS_ENABLED", default: true,
                                                     from: ["true": true, "false": false])
        ingestGroupCommit = try environment.choice("COUNTERPART_INGEST_COMMIT", default: true, from: ["group": true, "each": false])
        baseDomain = (environment.string("COUNTERPART_BASE_DOMAIN") ?? "localhost").lowercased()
        guard Self.isHostName(baseDomain) else {
            throw ConfigurationError(variable: "COUNTERPART_BASE_DOMAIN", value: baseDomain,
                                     expected: "a host name such as counterpart.example.com")
        }
        if values[KeyringConfiguration.masterKeyVariable] != nil || values[KeyringConfiguration.masterKeyFileVariable] != nil {
            do {
                keyring = try KeyringConfiguration(environment: values).keyring
            } catch {
                // Never echo the value: it is the key.
                throw ConfigurationError(variable: error.variable, value: nil, expected: error.expected, isSet: true)
            }
        }
        trustedProxies = []
        for entry in (environment.string("COUNTERPART_TRUSTED_PROXIES") ?? "").split(separator: ",") {
            let text = entry.trimmingCharacters(in: .whitespaces)
            guard let range = IPAddressRange(parsing: text) else {
                throw ConfigurationError(variable: "COUNTERPART_TRUSTED_PROXIES", value: text,
                                         expected: "comma-separated IP addresses or CIDR blocks, e.g. 10.0.0.0/8,fd00::/8")
            }
            trustedProxies.append(range)
        }
        themesDirectory = environment.string("COUNTERPART_THEMES_DIR") ?? "Themes"
        mailDirectory = environment.string("COUNTERPART_MAIL_DIR") ?? "/var/tmp/counterpart-mail"
        mailSender = environment.string("COUNTERPART_MAIL_FROM") ?? "Counterpart <no-reply@\(baseDomain)>"
        smtpURL = environment.string("COUNTERPART_SMTP_URL")
        if let smtpURL, !(smtpURL.hasPrefix("smtp://") || smtpURL.hasPrefix("smtps://")) || smtpURL.contains(where: \.isWhitespace) {
            // Never echo the value: it may hold the SMTP password.
            throw ConfigurationError(variable: "COUNTERPART_SMTP_URL", value: nil,
                                     expected: "smtp://host:port or smtps://user:password@host:port", isSet: true)
        }
        publicURL = environment.string("COUNTERPART_PUBLIC_URL") ?? "http://\(listenText)"
        guard publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://"), !publicURL.hasSuffix("/"),
              URL(string: publicURL)?.host != nil else {
            throw ConfigurationError(variable: "COUNTERPART_PUBLIC_URL", value: publicURL,
                                     expected: "an absolute http(s) URL without a trailing slash, e.g. https://portal.example.com")
        }
    }

    /// How log lines are written.
    public enum LogFormat: String, Sendable {
        /// One JSON object per line (`JSONLogHandler`).
        case json
        /// swift-log's `StreamLogHandler` lines.
        case text
    }

    /// Dot-separated labels of letters, digits and hyphens (RFC 1123 §2.1).
    static func isHostName(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return !text.isEmpty && text.utf8.count <= 253 && labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
        }
    }
}
