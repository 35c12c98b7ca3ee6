import Glibc

/// A point on the monotonic clock that waits count down to.
struct Deadline {
    let nanoseconds: UInt64

    init(after duration: Duration) {
        nanoseconds = Self.now() + UInt64(duration.components.seconds) * 1_000_000_000
            + UInt64(duration.components.attoseconds / 1_000_000_000)
    }

    var hasPassed: Bool { Self.now() >= nanoseconds }

    /// Milliseconds left, rounded up, for poll(2).
    var remainingMilliseconds: Int32 {
        let now = Self.now()
        return now >= nanoseconds ? 0 : Int32(clamping: (nanoseconds - now + 999_999) / 1_000_000)
    }

    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

/// Checks `condition` every few milliseconds until it holds or `timeout` has passed, and
/// returns whether it held. For state the server exposes no signal for (its connection count,
/// the process's descriptors); everything else waits on semaphores.
func waitUntil(timeout: Duration = TestClient.defaultTimeout, _ condition: () -> Bool) -> Bool {
    let deadline = Deadline(after: timeout)
    while !condition() {
        if deadline.hasPassed { return false }
        usleep(5_000)
    }
    return true
}
