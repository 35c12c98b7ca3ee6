import Foundation

/// A readers–writer gate between the tests that use the database and the one that restarts it.
///
/// Swift Testing runs suites in parallel in one process, so a server restart would break
/// whatever else is running. Database tests hold the gate shared; the restart test holds it
/// exclusively and waits until the others are done. A waiting writer blocks new readers, so it
/// cannot starve. (The Makefile also runs PostgresRestartTests on its own.)
final class RestartGate: @unchecked Sendable {
    static let shared = RestartGate()

    private let condition = NSCondition()
    private var readers = 0
    private var writerWaiting = 0
    private var writerActive = false

    func withSharedAccess<Result>(_ body: () throws -> Result) rethrows -> Result {
        condition.lock()
        while writerActive || writerWaiting > 0 { condition.wait() }
        readers += 1
        condition.unlock()
        defer {
            condition.lock()
            readers -= 1
            condition.broadcast()
            condition.unlock()
        }
        return try body()
    }

    func withExclusiveAccess<Result>(_ body: () throws -> Result) rethrows -> Result {
        condition.lock()
        writerWaiting += 1
        while writerActive || readers > 0 { condition.wait() }
        writerWaiting -= 1
        writerActive = true
        condition.unlock()
        defer {
            condition.lock()
            writerActive = false
            condition.broadcast()
            condition.unlock()
        }
        return try body()
    }
}
