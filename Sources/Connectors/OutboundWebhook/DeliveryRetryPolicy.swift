import Foundation

/// How often and how patiently one delivery is retried inside the connector before the
/// failure goes back to the worker pool (whose own, longer back-off takes over, DESIGN.md).
public struct DeliveryRetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// The wait before the second attempt; each later wait doubles, up to `maxDelay`.
    public var baseDelay: Duration
    /// The longest wait, also the most of a `Retry-After` we honour here.
    public var maxDelay: Duration
    /// Waits; injected so tests record the waits instead of spending them.
    public var sleep: @Sendable (Duration) -> Void
    /// A number in 0..<1 for the jitter; injected for deterministic tests.
    public var random: @Sendable () -> Double

    /// Creates a policy; the defaults sleep for real with random jitter.
    public init(maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(10),
                sleep: @escaping @Sendable (Duration) -> Void = DeliveryRetryPolicy.sleepForReal,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.sleep = sleep
        self.random = random
    }

    /// The wait after failed attempt `attempt` (1-based): the upstream's `Retry-After` when it
    /// gave one (capped), else exponential back-off with "equal jitter" — half fixed, half random —
    /// so many deliveries failing together do not retry in lock-step.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(retryAfter, maxDelay) }
        let exponential = min(baseDelay * (1 << min(attempt - 1, 20)), maxDelay)
        return exponential / 2 + (exponential / 2) * random()
    }

    /// Blocks the calling worker thread for the delay.
    public static func sleepForReal(_ delay: Duration) {
        Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
    }
}
