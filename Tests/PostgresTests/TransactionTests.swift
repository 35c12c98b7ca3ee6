import Foundation
import Postgres
import Testing

/// `transaction { }` commits what returns, rolls back what throws, and keeps SET LOCAL inside.
@Suite struct TransactionTests {
    struct Refusal: Error {}

    private func count(_ db: TestSchema) throws -> Int {
        try db.pool.query("SELECT count(*) FROM ledger").single().decode(Int.self, at: 0)
    }

    @Test func commitsWhenTheClosureReturns() throws {
        try TestDatabase.withSchema { db in
            try db.pool.execute("CREATE TABLE ledger (amount int)")
            let returned = try db.pool.transaction { connection in
                try connection.execute("INSERT INTO ledger VALUES (\(10)), (\(20))")
            }
            #expect(returned == 2)
            #expect(try count(db) == 2)
        }
    }

    @Test func rollsBackAndRethrowsWhenTheClosureThrows() throws {
        try TestDatabase.withSchema { db in
            try db.pool.execute("CREATE TABLE ledger (amount int)")
            #expect(throws: Refusal.self) {
                try db.pool.transaction { connection in
                    try connection.execute("INSERT INTO ledger VALUES (\(10))")
                    throw Refusal()
                }
            }
            #expect(try count(db) == 0)
            #expect(db.pool.statistics.leased == 0)
        }
    }

    @Test func refusesToCommitAfterACaughtStatementError() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            try connection.execute("CREATE TABLE ledger (amount int CHECK (amount > 0))")
            let error = #expect(throws: PostgresError.self) {
                try connection.transaction { connection in
                    try connection.execute("INSERT INTO ledger VALUES (\(5))")
                    _ = try? connection.execute("INSERT INTO ledger VALUES (\(-1))")
                }
            }
            #expect(error?.kind == .invalidUsage)
            #expect(!connection.isInTransaction)
            #expect(try connection.query("SELECT count(*) FROM ledger").single().decode(Int.self, at: 0) == 0)
        }
    }

    @Test func nestedTransactionsRollBackOnlyTheirOwnWork() throws {
        try TestDatabase.withSchema { db in
            try db.pool.execute("CREATE TABLE ledger (amount int)")
            try db.pool.transaction { connection in
                try connection.execute("INSERT INTO ledger VALUES (\(1))")
                _ = try? connection.transaction { connection in
                    try connection.execute("INSERT INTO ledger VALUES (\(2))")
                    throw Refusal()
                }
                _ = try connection.transaction { connection in
                    try connection.execute("INSERT INTO ledger VALUES (\(3))")
                }
            }
            #expect(try db.pool.query("SELECT amount FROM ledger ORDER BY amount").decode(Int.self) == [1, 3])
        }
    }

    @Test func setLocalIsVisibleInsideTheTransactionAndGoneAfterIt() throws {
        try TestDatabase.withSchema { db in
            let connection = try db.connect()
            let inside = try connection.transaction { connection in
                try connection.setLocal("app.partner_id", "partner-42")
                return try connection.query("SELECT current_setting('app.partner_id', true) AS partner").single()
                    .decode(String?.self, column: "partner")
            }
            #expect(inside == "partner-42")
            let after = try connection.query("SELECT current_setting('app.partner_id', true) AS partner").single()
                .decode(String?.self, column: "partner")
            // Once defined in a session, a custom setting reads back as '' (not NULL) after SET LOCAL ends.
            #expect(after == "")
        }
    }

    @Test func setLocalValuesAreParametersNotSQL() throws {
        try TestDatabase.withSchema { db in
            let value = "x'; RESET ALL; --"
            let seen = try db.pool.transaction { connection in
                try connection.setLocal("app.customer_id", value)
                return try connection.query("SELECT current_setting('app.customer_id')").single().decode(String.self, at: 0)
            }
            #expect(seen == value)
        }
    }

    @Test func setLocalOutsideATransactionIsRefused() throws {
        try TestDatabase.withSchema { db in
            let error = #expect(throws: PostgresError.self) { try db.connect().setLocal("app.partner_id", "1") }
            #expect(error?.kind == .invalidUsage)
        }
    }

    @Test(arguments: PostgresIsolationLevel.allCases)
    func transactionsRunAtTheRequestedIsolationLevel(level: PostgresIsolationLevel) throws {
        try TestDatabase.withSchema { db in
            let reported = try db.pool.transaction(isolation: level) { connection in
                try connection.query("SHOW transaction_isolation").single().decode(String.self, at: 0)
            }
            #expect(reported.uppercased() == level.rawValue)
        }
    }

    @Test func readOnlyTransactionsRefuseWrites() throws {
        try TestDatabase.withSchema { db in
            try db.pool.execute("CREATE TABLE ledger (amount int)")
            let error = #expect(throws: PostgresError.self) {
                try db.pool.transaction(readOnly: true) { connection in
                    try connection.execute("INSERT INTO ledger VALUES (\(1))")
                }
            }
            #expect(error?.code == .readOnlySQLTransaction)
        }
    }

    @Test func serializationFailuresAreRecognisableForRetry() throws {
        try TestDatabase.withSchema { db in
            try db.pool.execute("CREATE TABLE ledger (amount int)")
            try db.pool.execute("INSERT INTO ledger VALUES (\(1))")
            let first = try db.connect()
            let second = try db.connect()
            try first.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            _ = try first.query("SELECT * FROM ledger")
            try second.execute("UPDATE ledger SET amount = amount + 1")
            let error = #expect(throws: PostgresError.self) { try first.execute("UPDATE ledger SET amount = amount + 10") }
            #expect(error?.code == .serializationFailure)
            #expect(error?.code?.isTransactionRollback == true)
            try first.execute("ROLLBACK")
        }
    }
}
