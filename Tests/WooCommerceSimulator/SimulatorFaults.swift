import Synchronization

/// Faults the simulator injects into the next API requests, in order, before authentication
/// (as a host's rate limiter or a crashing PHP worker would).
public enum SimulatorFault: Sendable, Hashable {
    /// Answer with `status` and WordPress's JSON error, with `Retry-After` when given.
    case status(Int, retryAfter: Int? = nil)
    /// Answer normally after `delay`.
    case delay(Duration)
    /// Close the connection without answering (needs ``WooCommerceSimulator/Configuration/dropsConnections``).
    case drop
}

/// The queue of faults still to inject.
final class FaultQueue: Sendable {
    private let pending = Mutex<[SimulatorFault]>([])

    func add(_ fault: SimulatorFault, times: Int) {
        pending.withLock { $0 += Array(repeating: fault, count: times) }
    }

    func next() -> SimulatorFault? {
        pending.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }

    var count: Int { pending.withLock { $0.count } }
}
