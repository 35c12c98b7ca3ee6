import Foundation
import Jobs
import Logging
import Postgres
import Synchronization
import Tenancy
import TestSupport

/// A clock the test moves by hand: every stored time in the queue comes from it.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_750_000_000)) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(by duration: Duration) {
        current.withLock { $0 = $0.addingTimeInterval(Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18) }
    }

    var closure: @Sendable () -> Date { { [self] in now } }
}

/// A count threads wait on with a timeout, never by sleeping.
final class Signal: Sendable {
    private let count = Mutex(0)
    private let condition = NSCondition()

    func fire() {
        condition.lock()
        count.withLock { $0 += 1 }
        condition.broadcast()
        condition.unlock()
    }

    var value: Int { count.withLock { $0 } }

    /// Waits until fired `times` in all; false after `timeout`.
    func wait(for times: Int = 1, timeout: TimeInterval = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while value < times {
            if !condition.wait(until: deadline) { return value >= times }
        }
        return true
    }
}

extension TenantTestDatabase {
    /// How the worker pool and the tests enter the platform scope, as App does.
    static let platformScope: @Sendable (PostgresConnection) throws -> Void = { try $0.enter(.system) }

    /// Runs `body` in a platform-scoped transaction of the application role.
    func platform<Result>(_ body: (PostgresConnection) throws -> Result) throws -> Result {
        try database.transaction(.system, body)
    }

    /// A pool of its own on this schema, as another process would have.
    func separatePool(connections: Int = 4) throws -> PostgresPool {
        try PostgresPool(configuration: .init(connection: PostgresConfiguration(url: applicationURL), maximumConnections: connections),
                         logger: Self.logger)
    }

    /// The state of every job, by id (read as the owner, behind row-level security's back).
    func states() throws -> [Int64: String] {
        Dictionary(uniqueKeysWithValues: try owner.query("SELECT id, state FROM jobs").decode((Int64, String).self))
    }
}

extension NewJob {
    static func make(kind: String = "test.noop", fairnessKey: String = "", limitKey: String? = nil, runAt: Date? = nil,
                     maxAttempts: Int = 10, uniqueKey: String? = nil, partnerID: UUID? = nil, number: Int = 0) -> NewJob {
        NewJob(kind: kind, payloadJSON: "{\"n\":\(number)}", partnerID: partnerID, fairnessKey: fairnessKey, limitKey: limitKey,
               runAt: runAt, maxAttempts: maxAttempts, uniqueKey: uniqueKey)
    }
}
