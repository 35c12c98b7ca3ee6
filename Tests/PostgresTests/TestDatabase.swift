import Foundation
import Logging
import Postgres
import Testing

/// The real PostgreSQL the tests run against, as the schema owner: `DATABASE_OWNER_URL`
/// (what `make test` sets; `DATABASE_URL` there is the application role, which may not create
/// schemas), else `DATABASE_URL`.
///
/// Every test gets its own schema (and a pool whose sessions put it first on `search_path`),
/// so tests run in parallel without seeing each other's tables. Tests that restart the server
/// take the `RestartGate` exclusively; everything else holds it shared while it runs.
enum TestDatabase {
    struct SetupError: Error, CustomStringConvertible {
        let description: String
    }

    static let logger: Logger = {
        // Quiet by default: many tests provoke the warnings they check for.
        // POSTGRES_TEST_LOG_LEVEL=debug shows everything the module logs.
        var logger = Logger(label: "postgres-tests")
        let level = ProcessInfo.processInfo.environment["POSTGRES_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        logger.logLevel = level ?? .critical
        return logger
    }()

    /// The owner's URL, or an error saying how to provide it: a missing database must fail
    /// the tests, never skip them silently.
    static func url() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        guard let url = [environment["DATABASE_OWNER_URL"], environment["DATABASE_URL"]].compactMap({ $0 }).first(where: { !$0.isEmpty }) else {
            throw SetupError(description: "DATABASE_URL is not set; the Postgres tests need a real PostgreSQL. "
                             + "Run `deploy/local/postgres.sh start` and `export DATABASE_URL=$(deploy/local/postgres.sh url counterpart_test)`.")
        }
        return url
    }

    static func configuration(searchPath: String? = nil) throws -> PostgresConfiguration {
        var configuration = PostgresConfiguration(url: try url(), connectTimeout: .seconds(5), applicationName: "postgres-tests")
        if let searchPath { configuration.runtimeParameters["search_path"] = searchPath }
        return configuration
    }

    /// Runs `body` while no server restart can happen, for tests that connect without a schema.
    static func withServer<Result>(_ body: () throws -> Result) throws -> Result {
        _ = try url()
        return try RestartGate.shared.withSharedAccess(body)
    }

    /// Runs `body` with a fresh schema, dropping it afterwards.
    static func withSchema<Result>(maximumConnections: Int = 4, acquireTimeout: Duration = .seconds(10),
                                   _ body: (TestSchema) throws -> Result) throws -> Result {
        try RestartGate.shared.withSharedAccess {
            let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let admin = try PostgresConnection(configuration: configuration(), logger: logger)
            try admin.runScript(unsafeSQL: "CREATE SCHEMA \(try admin.quoteIdentifier(name))")
            defer { _ = try? admin.runScript(unsafeSQL: "DROP SCHEMA \(try admin.quoteIdentifier(name)) CASCADE") }
            let pool = try PostgresPool(configuration: .init(connection: configuration(searchPath: name),
                                                             maximumConnections: maximumConnections,
                                                             acquireTimeout: acquireTimeout),
                                        logger: logger)
            defer { pool.close() }
            return try body(TestSchema(name: name, pool: pool, configuration: try configuration(searchPath: name)))
        }
    }
}

/// One test's private schema.
struct TestSchema {
    let name: String
    let pool: PostgresPool
    /// Sessions with the schema on their `search_path`.
    let configuration: PostgresConfiguration

    /// A connection of its own, outside the pool.
    func connect() throws -> PostgresConnection {
        try PostgresConnection(configuration: configuration, logger: TestDatabase.logger)
    }

    /// A channel name no other test uses (notifications are database-wide).
    func channel(_ suffix: String) -> String { "\(name)_\(suffix)" }
}
