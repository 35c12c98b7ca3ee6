import Synchronization

/// A thread-safe list of what happened, for asserting order.
final class Journal: Sendable {
    private let storage = Mutex<[String]>([])

    func append(_ entry: String) { storage.withLock { $0.append(entry) } }

    var entries: [String] { storage.withLock { $0 } }
}
