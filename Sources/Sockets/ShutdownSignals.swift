import CLinux
import Glibc

/// SIGTERM and SIGINT turned into an ordinary blocking wait, so graceful shutdown is plain
/// code on one thread rather than work inside an async-signal handler.
///
/// Call `block()` on the main thread before any other thread starts: threads inherit the mask,
/// so the signals stay pending until `wait()` takes them.
public enum ShutdownSignals {
    /// Blocks SIGTERM and SIGINT for this thread and every thread it creates from now on, and
    /// ignores SIGPIPE (a vanished peer is an error code, not a reason to die).
    public static func block() {
        signal(SIGPIPE, SIG_IGN)
        var set = signalSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits until SIGTERM or SIGINT arrives and returns its number.
    public static func wait() -> Int32 {
        var set = signalSet()
        var received: Int32 = 0
        while sigwait(&set, &received) != 0 {}
        return received
    }

    private static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        return set
    }
}
