import Glibc

/// Nanoseconds on the monotonic clock: for timeouts and durations, never for wall time.
public enum MonotonicClock {
    /// The current monotonic time in nanoseconds.
    public static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
