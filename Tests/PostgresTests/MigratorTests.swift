import Foundation
@testable import Postgres
import Testing

/// The migrator applies files once each, in order, atomically, and refuses histories that
/// disagree with the files.
@Suite struct MigratorTests {
    /// A lock key per test, so migrator tests in different schemas do not queue behind each other.
    private let lockKey = Int64.random(in: 1...Int64.max)

    private func makeMigrator(_ folder: MigrationFolder) -> Migrator {
        Migrator(directory: folder.url, logger: TestDatabase.logger, lockKey: lockKey)
    }

    private func writeBasics(_ folder: MigrationFolder) throws {
        try folder.write("0001_create_log.sql", "CREATE TABLE log (seq serial PRIMARY KEY, n int NOT NULL);\n")
        try folder.write("0002_first.sql", "INSERT INTO log (n) VALUES (2);")
        try folder.write("0010_tenth.sql", "INSERT INTO log (n) VALUES (10);\nINSERT INTO log (n) VALUES (11);")
        try folder.write("README.md", "not a migration")
        try folder.write("notes.sql.bak", "DROP TABLE log;")
    }

    @Test func appliesPendingMigrationsInOrderAndRecordsChecksums() throws {
        let folder = try MigrationFolder()
        try writeBasics(folder)
        try TestDatabase.withSchema { db in
            let applied = try makeMigrator(folder).migrate(pool: db.pool)
            #expect(applied.map(\.version) == [1, 2, 10])
            #expect(applied.map(\.name) == ["create_log", "first", "tenth"])
            #expect(try db.pool.query("SELECT n FROM log ORDER BY seq").decode(Int.self) == [2, 10, 11])

            let recorded = try db.pool.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
                .decode((Int, String, String).self)
            #expect(recorded.map(\.0) == [1, 2, 10])
            #expect(recorded.map(\.1) == ["create_log", "first", "tenth"])
            // PostgreSQL's own sha256() is the independent check of the recorded checksums.
            for (migration, record) in zip(applied, recorded) {
                let expected = try db.pool.query("SELECT encode(sha256(convert_to(\(migration.sql), 'UTF8')), 'hex')")
                    .single().decode(String.self, at: 0)
                #expect(record.2 == expected)
            }
        }
    }

    @Test func runningAgainChangesNothingAndNewFilesApplyLater() throws {
        let folder = try MigrationFolder()
        try writeBasics(folder)
        try TestDatabase.withSchema { db in
            let migrator = makeMigrator(folder)
            try migrator.migrate(pool: db.pool)
            #expect(try migrator.migrate(pool: db.pool).isEmpty)
            #expect(try db.pool.query("SELECT count(*) FROM log").single().decode(Int.self, at: 0) == 3)

            try folder.write("0011_more.sql", "INSERT INTO log (n) VALUES (12);")
            #expect(try migrator.migrate(pool: db.pool).map(\.version) == [11])
            #expect(try migrator.status(pool: db.pool).isUpToDate)
        }
    }

    @Test func statusShowsPendingBeforeAndAppliedAfter() throws {
        let folder = try MigrationFolder()
        try writeBasics(folder)
        try TestDatabase.withSchema { db in
            let migrator = makeMigrator(folder)
            let before = try migrator.status(pool: db.pool)
            #expect(before.applied.isEmpty)
            #expect(before.pending.map(\.fileName) == ["0001_create_log.sql", "0002_first.sql", "0010_tenth.sql"])
            #expect(!before.isUpToDate)

            let startedAt = try db.pool.query("SELECT now()").single().decode(Date.self, at: 0)
            try migrator.migrate(pool: db.pool)
            let after = try migrator.status(pool: db.pool)
            #expect(after.isUpToDate)
            #expect(after.applied.map(\.version) == [1, 2, 10])
            #expect(after.applied.allSatisfy { $0.appliedAt >= startedAt })
        }
    }

    @Test func concurrentMigratorsApplyEachMigrationOnce() throws {
        let folder = try MigrationFolder()
        // A table no migration may create twice, and a counter of how often each one ran.
        try folder.write("0001_runs.sql", "CREATE TABLE runs (version int NOT NULL); INSERT INTO runs VALUES (1);")
        try folder.write("0002_second.sql", "INSERT INTO runs VALUES (2);")
        try folder.write("0003_third.sql", "CREATE TABLE third (id int); INSERT INTO runs VALUES (3);")
        try TestDatabase.withSchema { db in
            let migrator = makeMigrator(folder)
            let outcomes = EventInbox<Result<Int, MigrationTestFailure>>()
            let configuration = db.configuration
            for _ in 0..<2 {
                Thread.detachNewThread {
                    do {
                        let connection = try PostgresConnection(configuration: configuration, logger: TestDatabase.logger)
                        outcomes.append(.success(try migrator.migrate(on: connection).count))
                    } catch {
                        outcomes.append(.failure(MigrationTestFailure(description: "\(error)")))
                    }
                }
            }
            #expect(outcomes.waitUntil(timeout: .seconds(120)) { $0.count == 2 })
            let counts = try outcomes.received.map { try $0.get() }
            #expect(counts.sorted() == [0, 3])
            #expect(try db.pool.query("SELECT version FROM runs ORDER BY version").decode(Int.self) == [1, 2, 3])
            #expect(try db.pool.query("SELECT count(*) FROM schema_migrations").single().decode(Int.self, at: 0) == 3)
        }
    }

    @Test func anEditedMigrationIsRefusedNamingTheFileAndBothChecksums() throws {
        let folder = try MigrationFolder()
        try writeBasics(folder)
        try TestDatabase.withSchema { db in
            let migrator = makeMigrator(folder)
            let original = try migrator.migrate(pool: db.pool)[1]
            try folder.write("0002_first.sql", "INSERT INTO log (n) VALUES (20);")
            let edited = try #require(try Migration.load(from: folder.url).first { $0.version == 2 })

            let error = #expect(throws: MigrationError.self) { try migrator.migrate(pool: db.pool) }
            #expect(error == .checksumMismatch(fileName: "0002_first.sql", appliedChecksum: original.checksum,
                                               currentChecksum: edited.checksum))
            let message = error?.description ?? ""
            #expect(message.contains("0002_first.sql") && message.contains(original.checksum) && message.contains(edited.checksum))
            #expect(throws: MigrationError.self) { try migrator.status(pool: db.pool) }
            #expect(try db.pool.query("SELECT n FROM log ORDER BY seq").decode(Int.self) == [2, 10, 11])
        }
    }

    @Test func aFailingMigrationRollsBackAndRecordsNothing() throws {
        let folder = try MigrationFolder()
        try folder.write("0001_ok.sql", "CREATE TABLE kept (id int);")
        try folder.write("0002_broken.sql", "CREATE TABLE half_done (id int);\nINSERT INTO no_such_table VALUES (1);")
        try folder.write("0003_later.sql", "CREATE TABLE later (id int);")
        try TestDatabase.withSchema { db in
            let migrator = makeMigrator(folder)
            let error = #expect(throws: MigrationError.self) { try migrator.migrate(pool: db.pool) }
            guard case .failed(let fileName, let underlying) = error else {
                Issue.record("expected .failed, got \(String(describing: error))")
                return
            }
            #expect(fileName == "0002_broken.sql")
            #expect(underlying.code == .undefinedTable)
            let tables = try db.pool.query("""
                SELECT to_regclass('kept') IS NOT NULL, to_regclass('half_done') IS NOT NULL, to_regclass('later') IS NOT NULL
                """).single().decode((Bool, Bool, Bool).self)
            #expect(tables == (true, false, false))
            #expect(try db.pool.query("SELECT version FROM schema_migrations").decode(Int.self) == [1])

            try folder.write("0002_broken.sql", "CREATE TABLE half_done (id int);")
            #expect(try migrator.migrate(pool: db.pool).map(\.version) == [2, 3])
        }
    }

    @Test func aMissingAppliedFileIsAnError() throws {
        let folder = try MigrationFolder()
        try writeBasics(folder)
        try TestDatabase.withSchema { db in
            let migrator = makeMigrator(folder)
            try migrator.migrate(pool: db.pool)
            try folder.remove("0002_first.sql")
            let error = #expect(throws: MigrationError.self) { try migrator.migrate(pool: db.pool) }
            #expect(error == .missingFile(version: 2, name: "first"))
        }
    }

    @Test func aNewFileNumberedBelowTheLatestAppliedIsOutOfOrder() throws {
        let folder = try MigrationFolder()
        try writeBasics(folder)
        try TestDatabase.withSchema { db in
            let migrator = makeMigrator(folder)
            try migrator.migrate(pool: db.pool)
            try folder.write("0005_late_branch.sql", "INSERT INTO log (n) VALUES (5);")
            let error = #expect(throws: MigrationError.self) { try migrator.migrate(pool: db.pool) }
            #expect(error == .outOfOrder(fileName: "0005_late_branch.sql", latestAppliedVersion: 10))
            #expect(error?.description.contains("0005_late_branch.sql") == true)
            #expect(try db.pool.query("SELECT count(*) FROM log WHERE n = 5").single().decode(Int.self, at: 0) == 0)
        }
    }

    @Test func twoFilesWithOneNumberAreRejected() throws {
        let folder = try MigrationFolder()
        try folder.write("0001_users.sql", "SELECT 1;")
        try folder.write("0001_orders.sql", "SELECT 1;")
        let error = #expect(throws: MigrationError.self) { try Migration.load(from: folder.url) }
        #expect(error == .duplicateVersion(version: 1, fileNames: ["0001_orders.sql", "0001_users.sql"]))
    }

    @Test func aMigrationThatCommitsByItselfIsRefused() throws {
        let folder = try MigrationFolder()
        try folder.write("0001_sneaky.sql", "CREATE TABLE sneaky (id int);\nCOMMIT;")
        try TestDatabase.withSchema { db in
            let error = #expect(throws: MigrationError.self) { try makeMigrator(folder).migrate(pool: db.pool) }
            #expect(error == .endedTransaction(fileName: "0001_sneaky.sql"))
            let recorded = try db.pool.query("SELECT count(*) FROM schema_migrations").single().decode(Int.self, at: 0)
            #expect(recorded == 0)
        }
    }

    @Test func onlyNumberedSQLFilesAreMigrations() {
        #expect(Migration.parse(fileName: "0001_create_users.sql")! == (1, "create_users"))
        #expect(Migration.parse(fileName: "20240301_add-index.sql")! == (20_240_301, "add-index"))
        for ignored in ["README.md", "0001_x.sql.bak", "create.sql", "_x.sql", "0001_.sql", "00a1_x.sql", "0001_a b.sql"] {
            #expect(Migration.parse(fileName: ignored) == nil, "\(ignored)")
        }
    }
}

struct MigrationTestFailure: Error, CustomStringConvertible {
    let description: String
}
