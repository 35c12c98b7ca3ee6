import Glibc

extension Duration {
    /// The duration in whole nanoseconds, negative durations as zero: the unit the monotonic
    /// clock and every timeout comparison use.
    package var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
    }
}

/// Nanoseconds on the monotonic clock: for timeouts and durations, never for wall time.
public enum MonotonicClock {
    /// The current monotonic time in nanoseconds.
    public static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
