import Foundation
import Postgres
import Testing

/// The pool lends, takes back, times out cleanly, and never hands out a dead connection.
@Suite struct PoolTests {
    struct Refusal: Error {}

    private func backendPID(_ pool: PostgresPool) throws -> Int32 {
        try pool.query("SELECT pg_backend_pid()").single().decode(Int32.self, at: 0)
    }

    @Test func exhaustionTimesOutCleanlyAndThePoolWorksAfterwards() throws {
        try TestDatabase.withSchema(maximumConnections: 1, acquireTimeout: .milliseconds(200)) { db in
            try db.pool.withConnection { _ in
                let error = #expect(throws: PostgresError.self) { try db.pool.query("SELECT 1") }
                #expect(error?.kind == .poolTimeout)
                #expect(error?.message.contains("maximumConnections 1") == true)
            }
            #expect(db.pool.statistics == .init(open: 1, idle: 1, leased: 0, waiting: 0))
            #expect(try db.pool.query("SELECT 1").count == 1)
        }
    }

    @Test func theConnectionComesBackWhenTheClosureThrows() throws {
        try TestDatabase.withSchema(maximumConnections: 1) { db in
            let before = try backendPID(db.pool)
            #expect(throws: Refusal.self) {
                try db.pool.withConnection { _ in throw Refusal() }
            }
            #expect(db.pool.statistics == .init(open: 1, idle: 1, leased: 0, waiting: 0))
            #expect(try backendPID(db.pool) == before)
        }
    }

    @Test func aConnectionThatBrokeInUseIsDiscardedNotPooled() throws {
        try TestDatabase.withSchema { db in
            let before = try backendPID(db.pool)
            let error = #expect(throws: PostgresError.self) {
                try db.pool.withConnection { connection in
                    try connection.execute("SELECT pg_terminate_backend(pg_backend_pid())")
                }
            }
            #expect(error?.kind == .connectionLost)
            #expect(error?.code == .adminShutdown)
            #expect(db.pool.statistics.open == 0)
            #expect(try backendPID(db.pool) != before)
        }
    }

    @Test func anIdleConnectionTheServerClosedIsReplacedOnCheckout() throws {
        try TestDatabase.withSchema { db in
            let before = try backendPID(db.pool)
            // pg_terminate_backend(pid, timeout) returns once the backend has exited, so its
            // FATAL message is already on the pooled connection's socket.
            let terminated = try db.connect().query("SELECT pg_terminate_backend(\(before), \(Int(10_000)))")
            #expect(try terminated.single().decode(Bool.self, at: 0))
            #expect(db.pool.statistics.idle == 1)
            // withConnection never retries, so only the checkout probe can make this succeed.
            let after = try db.pool.withConnection { connection in
                try connection.query("SELECT pg_backend_pid()").single().decode(Int32.self, at: 0)
            }
            #expect(after != before)
            #expect(db.pool.statistics.open == 1)
        }
    }

    @Test func aConnectionLeftInsideATransactionIsRolledBackBeforeReuse() throws {
        try TestDatabase.withSchema(maximumConnections: 1) { db in
            try db.pool.execute("CREATE TABLE marks (n int)")
            try db.pool.withConnection { connection in
                try connection.execute("BEGIN")
                try connection.execute("INSERT INTO marks VALUES (\(1))")
            }
            let (inTransaction, count) = try db.pool.withConnection { connection in
                (connection.isInTransaction, try connection.query("SELECT count(*) FROM marks").single().decode(Int.self, at: 0))
            }
            #expect(!inTransaction)
            #expect(count == 0)
        }
    }

    @Test func aWaitingCallerGetsTheConnectionAnotherThreadReleases() throws {
        try TestDatabase.withSchema(maximumConnections: 1, acquireTimeout: .seconds(30)) { db in
            let results = EventInbox<Int32>()
            let pool = db.pool
            try db.pool.withConnection { connection in
                Thread.detachNewThread {
                    if let pid = try? pool.query("SELECT pg_backend_pid()").single().decode(Int32.self, at: 0) {
                        results.append(pid)
                    }
                }
                // The only connection is held here, so the other thread cannot have finished.
                #expect(results.received.isEmpty)
                _ = try connection.query("SELECT 1")
            }
            let pid = try #require(results.waitFor { _ in true })
            #expect(pid == (try backendPID(db.pool)))
            #expect(db.pool.statistics == .init(open: 1, idle: 1, leased: 0, waiting: 0))
        }
    }

    @Test func manyThreadsShareAFewConnections() throws {
        try TestDatabase.withSchema(maximumConnections: 3, acquireTimeout: .seconds(60)) { db in
            let finished = EventInbox<Int>()
            let pool = db.pool
            for worker in 0..<8 {
                Thread.detachNewThread {
                    var sum = 0
                    for round in 0..<25 {
                        sum += (try? pool.query("SELECT \(worker * 100 + round)::int8").single().decode(Int.self, at: 0)) ?? -1_000_000
                    }
                    finished.append(sum)
                }
            }
            #expect(finished.waitUntil(timeout: .seconds(120)) { $0.count == 8 })
            let expected = (0..<8).map { worker in (0..<25).reduce(0) { $0 + worker * 100 + $1 } }
            #expect(finished.received.sorted() == expected.sorted())
            let statistics = db.pool.statistics
            #expect(statistics.open <= 3 && statistics.leased == 0 && statistics.waiting == 0)
        }
    }

    @Test func anUnreachableServerFailsTheLeaseAndFreesTheSlot() throws {
        let pool = try PostgresPool(configuration: .init(
            connection: PostgresConfiguration(url: "postgresql://nobody@127.0.0.1:1/none", connectTimeout: .seconds(2)),
            maximumConnections: 1), logger: TestDatabase.logger)
        for _ in 0..<2 {
            let error = #expect(throws: PostgresError.self) { try pool.query("SELECT 1") }
            #expect(error?.kind == .connectionFailed)
        }
        #expect(pool.statistics == .init(open: 0, idle: 0, leased: 0, waiting: 0))
    }

    @Test func aClosedPoolRefusesLeases() throws {
        try TestDatabase.withSchema { db in
            _ = try db.pool.query("SELECT 1")
            db.pool.close()
            let error = #expect(throws: PostgresError.self) { try db.pool.query("SELECT 1") }
            #expect(error?.kind == .poolClosed)
            #expect(db.pool.statistics.open == 0)
        }
    }

    @Test func nonsensicalLimitsAreRefusedNamingTheSetting() throws {
        let connection = PostgresConfiguration(url: "postgresql://localhost/x")
        let none = #expect(throws: PostgresError.self) {
            try PostgresPool(configuration: .init(connection: connection, maximumConnections: 0), logger: TestDatabase.logger)
        }
        #expect(none?.message.contains("maximumConnections") == true)
        let inverted = #expect(throws: PostgresError.self) {
            try PostgresPool(configuration: .init(connection: connection, minimumConnections: 5, maximumConnections: 2),
                             logger: TestDatabase.logger)
        }
        #expect(inverted?.message.contains("minimumConnections") == true)
    }

    @Test func prewarmOpensTheMinimum() throws {
        try TestDatabase.withSchema { db in
            let pool = try PostgresPool(configuration: .init(connection: db.configuration, minimumConnections: 2),
                                        logger: TestDatabase.logger)
            defer { pool.close() }
            try pool.prewarm()
            #expect(pool.statistics == .init(open: 2, idle: 2, leased: 0, waiting: 0))
        }
    }
}
