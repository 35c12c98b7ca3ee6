public import Foundation
public import Logging
public import Postgres
public import Tenancy

/// A migrated schema of its own for each test, in the real PostgreSQL of `make test`:
/// migrations run as the owner (`DATABASE_OWNER_URL`), the code under test connects as the
/// application role (`DATABASE_URL`), which row-level security applies to — as in production.
public struct TenantTestDatabase {
    public struct SetupError: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// The schema's name.
    public let schema: String
    /// The application role's view, the one the product uses.
    public let database: TenantDatabase
    /// The owner's connection, for arranging fixtures behind row-level security's back and for
    /// checking what really is in the tables.
    public let owner: PostgresConnection
    /// The platform partner created by the migration.
    public let platformPartnerID: UUID
    /// `DATABASE_URL` for an `Application` that should use this schema (the application role,
    /// with the schema on its `search_path`).
    public let applicationURL: String

    public static let logger: Logger = {
        var logger = Logger(label: "tenancy-tests")
        logger.logLevel = .critical
        return logger
    }()

    public static let migrationsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Migrations")

    public static func environment(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw SetupError(description: "\(name) is not set; run the tests through `make test` "
                             + "(DATABASE_URL: the application role, DATABASE_OWNER_URL: the schema owner)")
        }
        return value
    }

    /// Runs `body` with a freshly migrated schema, dropped afterwards.
    public static func withSchema<Result>(_ body: (TenantTestDatabase) throws -> Result) throws -> Result {
        let schema = "tenancy_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        let ownerURL = try environment("DATABASE_OWNER_URL")
        let appURL = try environment("DATABASE_URL")
        let setup = try PostgresConnection(configuration: PostgresConfiguration(url: ownerURL), logger: logger)
        try setup.runScript(unsafeSQL: "CREATE SCHEMA \(try setup.quoteIdentifier(schema))")
        defer { _ = try? setup.runScript(unsafeSQL: "DROP SCHEMA \(try setup.quoteIdentifier(schema)) CASCADE") }

        var ownerConfiguration = PostgresConfiguration(url: ownerURL)
        ownerConfiguration.runtimeParameters["search_path"] = schema
        let ownerPool = try PostgresPool(configuration: .init(connection: ownerConfiguration, maximumConnections: 1), logger: logger)
        defer { ownerPool.close() }
        _ = try Migrator(directory: migrationsDirectory, logger: logger).migrate(pool: ownerPool)
        let owner = try PostgresConnection(configuration: ownerConfiguration, logger: logger)

        var appConfiguration = PostgresConfiguration(url: appURL)
        appConfiguration.runtimeParameters["search_path"] = schema
        let appPool = try PostgresPool(configuration: .init(connection: appConfiguration, maximumConnections: 4), logger: logger)
        defer { appPool.close() }
        let platformPartnerID = try owner.query("SELECT id FROM partners WHERE kind = 'platform'").single()
            .decode(UUID.self, at: 0)
        let separator = appURL.contains("?") ? "&" : "?"
        return try body(TenantTestDatabase(schema: schema, database: TenantDatabase(pool: appPool), owner: owner,
                                           platformPartnerID: platformPartnerID,
                                           applicationURL: appURL + separator + "options=-csearch_path%3D" + schema))
    }

    /// The command line's caller.
    public var system: Caller { Caller(principal: .system(platformPartnerID: platformPartnerID), requestID: "test") }

    /// Creates a partner through the product's own path.
    public func makePartner(slug: String = "p" + UUID().uuidString.prefix(8).lowercased(), name: String? = nil) throws -> Partner {
        try database.transaction(.system) { connection in
            try Partners.create(NewPartner(slug: slug, name: name ?? "Partner \(slug)"), by: system, on: connection)
        }
    }

    /// A principal for a user who is not stored (enough for scoping and permissions).
    public func principal(_ role: Role, partner: UUID, customer: UUID? = nil, userID: UUID = UUID()) -> Principal {
        Principal(userID: userID, partnerID: partner, customerID: customer, role: role, email: "\(role.rawValue)@example.com",
                  name: role.rawValue, credential: .session(id: UUID()))
    }

    /// Stores a user with `role` in `partner` (as the system) and returns their principal.
    public func makeUser(_ role: Role, partner: UUID, customer: UUID? = nil, email: String? = nil) throws -> Principal {
        let user = try database.transaction(.system) { connection in
            try Users.create(NewUser(email: email ?? "\(role.rawValue)-\(UUID().uuidString.prefix(6))@example.com",
                                     name: "A \(role.rawValue)", role: role, customerID: customer),
                             in: partner, by: system, on: connection)
        }
        return Principal(userID: user.id, partnerID: partner, customerID: customer, role: role, email: user.email,
                         name: user.name, credential: .session(id: UUID()))
    }

    /// Runs `body` in the principal's own scope, as a request would.
    public func asCaller<Result>(_ principal: Principal, _ body: (PostgresConnection, Caller) throws -> Result) throws -> Result {
        try database.transaction(principal.scope) { connection in
            try body(connection, Caller(principal: principal, requestID: "req-test", remoteAddress: "192.0.2.1"))
        }
    }
}
