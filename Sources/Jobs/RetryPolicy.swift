import Foundation

/// Exponential back-off with jitter, as a pure function (STYLE.md habit 9; Camel's redelivery
/// policy, river's `DefaultClientRetryPolicy`).
///
/// Attempt n waits `initialDelay × multiplier^(n-1)`, capped at `maximumDelay`, then spread by
/// ±`jitter` of itself using a random number in [0, 1) the caller supplies, so tests fix it.
/// Defaults: 1 s, ×2, at most 1 h, ±10 %: attempts 1…10 wait about 1 s, 2 s, 4 s … 8.5 min.
/// Jitter keeps a thousand jobs that failed together (an upstream outage) from returning together.
public struct RetryPolicy: Sendable, Equatable {
    /// The first retry's delay.
    public var initialDelay: Duration
    /// The growth per attempt.
    public var multiplier: Double
    /// The longest delay.
    public var maximumDelay: Duration
    /// The spread, as a fraction of the delay (0 … 1).
    public var jitter: Double

    /// A policy with the documented defaults.
    public init(initialDelay: Duration = .seconds(1), multiplier: Double = 2, maximumDelay: Duration = .seconds(3600),
                jitter: Double = 0.1) {
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maximumDelay = maximumDelay
        self.jitter = jitter
    }

    /// The delay after failed attempt `attempt` (from 1), given `random` in [0, 1).
    public func delay(afterAttempt attempt: Int, random: Double) -> Duration {
        let base = initialDelay.seconds * pow(multiplier, Double(max(0, attempt - 1)))
        let capped = min(base, maximumDelay.seconds)
        let spread = capped * jitter * (2 * min(max(random, 0), 1) - 1)
        return .milliseconds(Int64(((capped + spread) * 1000).rounded()))
    }

    /// Throws when a field is out of range.
    func validate() throws(JobsError) {
        guard initialDelay > .zero, maximumDelay >= initialDelay, multiplier >= 1, (0...1).contains(jitter) else {
            throw .invalidConfiguration("retry policy needs initialDelay > 0, maximumDelay ≥ initialDelay, multiplier ≥ 1, jitter in 0…1")
        }
    }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
