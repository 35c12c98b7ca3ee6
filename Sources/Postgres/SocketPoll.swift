import Glibc

/// `poll(2)` over libpq's socket (and the listener's wake-up pipe), the one place this module
/// waits on file descriptors. libpq leaves waiting to the caller in its asynchronous API
/// (libpq docs §34.4, "Asynchronous Command Processing").
enum SocketPoll {
    /// Waits until at least one descriptor is readable, hung up or in error, or the timeout
    /// passes, and reports which are. `timeoutMilliseconds` −1 waits without limit, 0 only looks.
    static func readable(_ descriptors: [Int32], timeoutMilliseconds: Int32) throws -> [Bool] {
        var entries = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        while true {
            let ready = poll(&entries, nfds_t(entries.count), timeoutMilliseconds)
            if ready >= 0 { break }
            let code = errno
            // EINTR: a signal arrived; looking again is always correct, at worst a little late.
            if code == EINTR { continue }
            throw PostgresError(.connectionLost, "poll() failed: \(String(cString: strerror(code)))")
        }
        let interesting = Int16(POLLIN) | Int16(POLLHUP) | Int16(POLLERR) | Int16(POLLNVAL)
        return entries.map { $0.revents & interesting != 0 }
    }
}
