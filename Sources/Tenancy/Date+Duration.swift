package import Foundation

extension Date {
    /// This instant moved by `duration` (negative durations move it back). Policies speak
    /// `Duration`; the database and `now` speak `Date`; this is the one conversion.
    package func adding(_ duration: Duration) -> Date {
        addingTimeInterval(duration.timeInterval)
    }
}

extension Duration {
    /// The duration in seconds, as Foundation's `TimeInterval`.
    package var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
