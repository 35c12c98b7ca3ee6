import Foundation
import Postgres
import Testing

/// Statements carry values only as parameters, and server errors arrive as typed SQLSTATEs.
@Suite struct QueryTests {
    @Test func interpolatedValuesBecomeNumberedParameters() {
        let id = 42
        let name: String? = nil
        let query: PostgresQuery = "SELECT * FROM users WHERE id = \(id) AND name IS NOT DISTINCT FROM \(name) AND note = \("'; DROP TABLE users; --")"
        #expect(query.sql == "SELECT * FROM users WHERE id = $1 AND name IS NOT DISTINCT FROM $2 AND note = $3")
        #expect(query.bindings.values == ["42", nil, "'; DROP TABLE users; --"])
        #expect(query.bindings.dataTypes == [.int8, .unspecified, .unspecified])
        #expect(!query.description.contains("DROP TABLE"))
    }

    @Test func injectionAttemptsAreStoredAsPlainText() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            try connection.execute("CREATE TABLE notes (body text)")
            let hostile = "x'); DROP TABLE notes; --"
            try connection.execute("INSERT INTO notes VALUES (\(hostile))")
            #expect(try connection.query("SELECT body FROM notes").decode(String.self) == [hostile])
        }
    }

    @Test func namedStatementsBindByPosition() throws {
        enum Statements {
            static let insert = "INSERT INTO items (sku, quantity) VALUES ($1, $2), ($3, $4)"
            static let total = "SELECT sum(quantity)::int8 FROM items WHERE sku = ANY (string_to_array($1, ','))"
        }
        try TestDatabase.withSchema { db in
            try db.pool.execute("CREATE TABLE items (sku text PRIMARY KEY, quantity int NOT NULL)")
            let inserted = try db.pool.execute(PostgresQuery(unsafeSQL: Statements.insert, binds: ["A-1", 3, "B-2", Int32(4)]))
            #expect(inserted == 2)
            let total = try db.pool.query(PostgresQuery(unsafeSQL: Statements.total, binds: ["A-1,B-2"])).single()
            #expect(try total.decode(Int.self, at: 0) == 7)
        }
    }

    @Test func uniqueViolationCarriesSQLStateAndConstraintName() throws {
        try TestDatabase.withSchema { db in
            try db.pool.execute("CREATE TABLE users (email text CONSTRAINT users_email_key UNIQUE)")
            try db.pool.execute("INSERT INTO users VALUES (\("ada@example.com"))")
            let error = #expect(throws: PostgresError.self) {
                try db.pool.execute("INSERT INTO users VALUES (\("ada@example.com"))")
            }
            #expect(error?.kind == .server)
            #expect(error?.code == .uniqueViolation)
            #expect(error?.code?.isIntegrityConstraintViolation == true)
            #expect(error?.constraint == "users_email_key")
            #expect(error?.table == "users")
            #expect(error?.schema == db.name)
            #expect(error?.severity == "ERROR")
            #expect(error?.description.contains("23505 unique_violation") == true)
            // The pool's connection survives a statement error.
            #expect(try db.pool.query("SELECT count(*) FROM users").single().decode(Int.self, at: 0) == 1)
        }
    }

    @Test func foreignKeyAndNotNullViolationsAreDistinguished() throws {
        try TestDatabase.withSchema { db in
            try db.pool.execute("CREATE TABLE parents (id int PRIMARY KEY)")
            try db.pool.execute("CREATE TABLE children (parent_id int NOT NULL REFERENCES parents (id))")
            let orphan = #expect(throws: PostgresError.self) { try db.pool.execute("INSERT INTO children VALUES (\(7))") }
            #expect(orphan?.code == .foreignKeyViolation)
            #expect(orphan?.constraint == "children_parent_id_fkey")
            let missing = #expect(throws: PostgresError.self) { try db.pool.execute("INSERT INTO children VALUES (\(Int?.none))") }
            #expect(missing?.code == .notNullViolation)
            #expect(missing?.column == "parent_id")
        }
    }

    @Test func syntaxErrorsPointAtThePositionAndKeepTheStatement() throws {
        try TestDatabase.withSchema { db in
            let error = #expect(throws: PostgresError.self) { try db.pool.query("SELEC 1") }
            #expect(error?.code == .syntaxError)
            #expect(error?.position == 1)
            #expect(error?.statement == "SELEC 1")
        }
    }

    @Test func stringsWithNULAreRefusedBeforeReachingTheServer() throws {
        try TestDatabase.withSchema { db in
            let error = #expect(throws: PostgresError.self) { try db.pool.query("SELECT \("a\u{0}b")::text") }
            #expect(error?.kind == .encoding)
            #expect(error?.message.contains("$1") == true)
        }
    }

    @Test func executeReportsAffectedRowsAndScriptsRunSeveralStatements() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            try connection.runScript(unsafeSQL: """
                CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL);
                INSERT INTO counters SELECT g, 0 FROM generate_series(1, 5) g;
                """)
            #expect(try connection.execute("UPDATE counters SET n = n + 1 WHERE id <= \(3)") == 3)
            #expect(try connection.execute("DELETE FROM counters") == 5)
            #expect(try connection.execute("CREATE INDEX ON counters (n)") == 0)
        }
    }

    @Test func copyThroughQueryIsRefusedAndTheConnectionStaysUsable() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            try connection.execute("CREATE TABLE t (a int)")
            let error = #expect(throws: PostgresError.self) { try connection.execute("COPY t FROM STDIN") }
            #expect(error?.kind == .invalidUsage)
            #expect(try connection.query("SELECT 1").count == 1)
        }
    }
}
