public import Foundation
public import Logging

/// Applies the `NNNN_name.sql` files of a directory to the database, in order, once each.
///
/// Each pending migration runs in its own transaction together with its row in
/// `schema_migrations` (version, name, SHA-256 checksum, applied_at), so a failing migration
/// leaves neither its changes nor a record. The whole run holds a session-level advisory lock
/// (`pg_advisory_lock`, PostgreSQL docs §13.3.5): when several nodes start at once, one applies
/// and the others wait, then find nothing left to do.
///
/// Before applying anything the files are checked against the record: an applied migration
/// whose file changed or vanished, or a new file numbered below the latest applied one, stops
/// the run with a `MigrationError` naming the file. Migration files must not contain
/// COMMIT/ROLLBACK, nor statements that cannot run in a transaction (`CREATE INDEX
/// CONCURRENTLY`).
///
/// `schema_migrations` lives in the first schema of the session's `search_path`.
public struct Migrator: Sendable {
    /// The advisory lock key used unless another is given: "counterpart" in ASCII hex.
    public static let defaultLockKey: Int64 = 0x636F_756E_7465_7270

    /// Where the migration files are.
    public var directory: URL
    /// The advisory lock key that serialises migrators sharing a database.
    public var lockKey: Int64
    private let logger: Logger

    private static let createTableSQL = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version bigint PRIMARY KEY,
            name text NOT NULL,
            checksum text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """
    private static let tableExistsSQL = "SELECT to_regclass('schema_migrations') IS NOT NULL"
    private static let appliedSQL = "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version"
    private static let recordSQL = "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)"
    private static let lockSQL = "SELECT pg_advisory_lock($1)"
    private static let unlockSQL = "SELECT pg_advisory_unlock($1)"

    /// A migrator for the files in `directory`.
    public init(directory: URL, logger: Logger, lockKey: Int64 = Migrator.defaultLockKey) {
        self.directory = directory
        self.lockKey = lockKey
        self.logger = logger
    }

    /// Applies every pending migration and returns those applied now (empty when up to date).
    /// Throws `MigrationError` when files and record disagree or a migration fails.
    @discardableResult
    public func migrate(on connection: PostgresConnection) throws -> [Migration] {
        guard !connection.isInTransaction else {
            throw PostgresError(.invalidUsage, "migrate() runs its own transactions; call it outside a transaction")
        }
        try connection.execute(PostgresQuery(unsafeSQL: Self.lockSQL, binds: [lockKey]))
        defer {
            if connection.isOpen, (try? connection.execute(PostgresQuery(unsafeSQL: Self.unlockSQL, binds: [lockKey]))) == nil {
                // The server drops the lock with the session; closing makes sure of it.
                connection.close()
            }
        }
        try connection.execute(PostgresQuery(unsafeSQL: Self.createTableSQL))
        let pending = try check(on: connection).pending
        for migration in pending {
            try apply(migration, on: connection)
        }
        if pending.isEmpty { logger.debug("database schema is up to date") }
        return pending
    }

    /// Applies pending migrations on a pooled connection.
    @discardableResult
    public func migrate(pool: PostgresPool) throws -> [Migration] {
        try pool.withConnection { try migrate(on: $0) }
    }

    /// Compares files and record without changing anything. Throws `MigrationError` for the
    /// same disagreements `migrate` refuses; a database never migrated shows all as pending.
    public func status(on connection: PostgresConnection) throws -> MigrationStatus {
        let exists = try connection.query(PostgresQuery(unsafeSQL: Self.tableExistsSQL)).single().decode(Bool.self, at: 0)
        guard exists else { return MigrationStatus(applied: [], pending: try Migration.load(from: directory)) }
        return try check(on: connection)
    }

    /// `status(on:)` on a pooled connection.
    public func status(pool: PostgresPool) throws -> MigrationStatus {
        try pool.withConnection { try status(on: $0) }
    }

    private func check(on connection: PostgresConnection) throws -> MigrationStatus {
        let files = try Migration.load(from: directory)
        let applied = try connection.query(PostgresQuery(unsafeSQL: Self.appliedSQL)).map { row in
            let (version, name, checksum, appliedAt) = try row.decode((Int, String, String, Date).self)
            return AppliedMigration(version: version, name: name, checksum: checksum, appliedAt: appliedAt)
        }
        let filesByVersion = Dictionary(uniqueKeysWithValues: files.map { ($0.version, $0) })
        for record in applied {
            guard let file = filesByVersion[record.version] else {
                throw MigrationError.missingFile(version: record.version, name: record.name)
            }
            guard file.checksum == record.checksum else {
                throw MigrationError.checksumMismatch(fileName: file.fileName, appliedChecksum: record.checksum,
                                                      currentChecksum: file.checksum)
            }
        }
        let appliedVersions = Set(applied.map(\.version))
        let pending = files.filter { !appliedVersions.contains($0.version) }
        if let latest = applied.last?.version, let early = pending.first(where: { $0.version < latest }) {
            throw MigrationError.outOfOrder(fileName: early.fileName, latestAppliedVersion: latest)
        }
        return MigrationStatus(applied: applied, pending: pending)
    }

    private func apply(_ migration: Migration, on connection: PostgresConnection) throws {
        let started = ContinuousClock.now
        do {
            try connection.transaction { connection in
                try connection.runScript(unsafeSQL: migration.sql)
                guard connection.transactionState == .inTransaction else {
                    throw MigrationError.endedTransaction(fileName: migration.fileName)
                }
                try connection.execute(PostgresQuery(unsafeSQL: Self.recordSQL,
                                                     binds: [migration.version, migration.name, migration.checksum]))
            }
        } catch let error as PostgresError {
            logger.error("migration failed and was rolled back",
                         metadata: ["migration": "\(migration.fileName)", "postgres.error": "\(error.logSummary)"])
            throw MigrationError.failed(fileName: migration.fileName, underlying: error)
        }
        logger.info("applied migration", metadata: [
            "migration": "\(migration.fileName)",
            "duration": "\(ContinuousClock.now - started)",
        ])
    }
}
