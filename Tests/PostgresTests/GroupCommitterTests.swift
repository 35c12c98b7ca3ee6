import Foundation
import Postgres
import Synchronization
import Testing

/// `GroupCommitter`: units queued while a commit runs share the next transaction; each unit rolls
/// back alone; nobody is answered before the COMMIT, and a failed COMMIT fails the whole batch.
@Suite struct GroupCommitterTests {
    struct Refusal: Error {}

    /// A committer with one committer thread, held busy by a first unit until `release` is
    /// signalled, so that the units submitted meanwhile queue up and form the next batch.
    final class HeldCommitter: Sendable {
        let committer: GroupCommitter
        let release = DispatchSemaphore(value: 0)
        let group = DispatchGroup()

        init(pool: PostgresPool) throws {
            committer = try GroupCommitter(pool: pool, configuration: .init(maximumUnits: 64, committers: 1),
                                           logger: TestDatabase.logger)
            let release = release, started = DispatchSemaphore(value: 0)
            DispatchQueue.global().async(group: group) { [committer] in
                _ = try? committer.commit { _ in
                    started.signal()
                    release.wait()
                }
            }
            // Until the held unit runs, it could still join the batch the test means to form.
            guard started.wait(timeout: .now() + 60) == .success else {
                release.signal()
                throw Refusal()
            }
        }

        /// Submits each body from its own thread; returns their results, in order, once every
        /// caller has been answered (within a minute, or the test fails).
        func submitWhileHeld<Value: Sendable>(_ bodies: [@Sendable (PostgresConnection) throws -> Value]) throws
            -> [Result<Value, any Error>] {
            let results = Mutex<[Int: Result<Value, any Error>]>([:])
            for (index, body) in bodies.enumerated() {
                DispatchQueue.global().async(group: group) { [committer] in
                    let result = Result { try committer.commit(body) }
                    results.withLock { $0[index] = result }
                }
            }
            // The held unit has left the queue; the others wait behind it.
            try #require(committer.waitUntilWaiting(atLeast: bodies.count, timeout: .seconds(60)))
            release.signal()
            try #require(group.wait(timeout: .now() + 60) == .success)
            return results.withLock { all in (0..<bodies.count).map { all[$0]! } }
        }
    }

    static let insertSQL = "INSERT INTO ledger (amount) VALUES ($1) RETURNING txid_current()"

    static func insert(_ amount: Int) -> @Sendable (PostgresConnection) throws -> Int {
        { connection in
            try connection.query(PostgresQuery(unsafeSQL: insertSQL, binds: [amount])).single().decode(Int.self, at: 0)
        }
    }

    @Test func unitsQueuedWhileACommitRunsShareTheNextCommit() throws {
        try TestDatabase.withSchema { db in
            try db.pool.execute("CREATE TABLE ledger (amount int)")
            let held = try HeldCommitter(pool: db.pool)
            defer { held.committer.close() }
            let results = try held.submitWhileHeld((1...8).map(Self.insert))
            let transactions = try results.map { try $0.get() }
            #expect(Set(transactions).count == 1)
            #expect(try db.pool.query("SELECT count(*) FROM ledger").single().decode(Int.self, at: 0) == 8)
            let statistics = held.committer.statistics
            #expect(statistics.commits == 2 && statistics.units == 9 && statistics.waiting == 0)
        }
    }

    @Test func aFailingUnitRollsBackAloneAndTheRestOfItsBatchCommits() throws {
        try TestDatabase.withSchema { db in
            try db.pool.execute("CREATE TABLE ledger (amount int CHECK (amount > 0))")
            let held = try HeldCommitter(pool: db.pool)
            defer { held.committer.close() }
            let thrower: @Sendable (PostgresConnection) throws -> Int = { connection in
                _ = try Self.insert(100)(connection)
                throw Refusal()
            }
            let results = try held.submitWhileHeld([Self.insert(1), Self.insert(-1), Self.insert(2), thrower, Self.insert(3)])
            #expect(throws: PostgresError.self) { try results[1].get() }
            #expect(throws: Refusal.self) { try results[3].get() }
            let committed = try [results[0], results[2], results[4]].map { try $0.get() }
            #expect(Set(committed).count == 1)
            #expect(try db.pool.query("SELECT amount FROM ledger ORDER BY amount").decode(Int.self) == [1, 2, 3])
        }
    }

    @Test func aFailedCommitFailsEveryUnitOfItsBatchAndKeepsNothing() throws {
        try TestDatabase.withSchema { db in
            // A deferred unique constraint is checked at COMMIT (docs: SET CONSTRAINTS), after
            // every unit's savepoint was released.
            try db.pool.execute("CREATE TABLE ledger (amount int UNIQUE DEFERRABLE INITIALLY DEFERRED)")
            let held = try HeldCommitter(pool: db.pool)
            defer { held.committer.close() }
            let results = try held.submitWhileHeld([Self.insert(1), Self.insert(7), Self.insert(7)])
            for result in results {
                #expect(throws: PostgresError.self) { try result.get() }
            }
            #expect(try db.pool.query("SELECT count(*) FROM ledger").single().decode(Int.self, at: 0) == 0)
        }
    }

    @Test func anAnsweredUnitIsAlreadyVisibleToOtherSessions() throws {
        try TestDatabase.withSchema { db in
            try db.pool.execute("CREATE TABLE ledger (amount int)")
            let committer = try GroupCommitter(pool: db.pool, logger: TestDatabase.logger)
            defer { committer.close() }
            _ = try committer.commit(Self.insert(5))
            let other = try db.connect()
            #expect(try other.query("SELECT count(*) FROM ledger").single().decode(Int.self, at: 0) == 1)
        }
    }

    @Test func aClosedCommitterRefusesNewUnits() throws {
        try TestDatabase.withSchema { db in
            let committer = try GroupCommitter(pool: db.pool, logger: TestDatabase.logger)
            committer.close()
            let error = #expect(throws: PostgresError.self) { try committer.commit { _ in 1 } }
            #expect(error?.kind == .invalidUsage)
        }
    }

    @Test func refusesAConfigurationWithoutUnitsOrCommitters() throws {
        try TestDatabase.withSchema { db in
            #expect(throws: PostgresError.self) {
                try GroupCommitter(pool: db.pool, configuration: .init(maximumUnits: 0), logger: TestDatabase.logger)
            }
            #expect(throws: PostgresError.self) {
                try GroupCommitter(pool: db.pool, configuration: .init(committers: 0), logger: TestDatabase.logger)
            }
        }
    }
}
