import Glibc

/// A non-blocking pipe that lets one thread interrupt another's `poll`: the sleeper includes
/// `readDescriptor` in its poll set, the waker writes a byte (the self-pipe trick). Owns both
/// descriptors and closes them in `deinit`.
///
/// `Sendable`: the descriptors never change, and `write`/`read` on a pipe are safe from any
/// thread.
final class WakeupPipe: Sendable {
    /// Poll this for readability.
    let readDescriptor: Int32
    private let writeDescriptor: Int32

    init() throws {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            throw PostgresError(.invalidUsage, "cannot create a wake-up pipe: \(String(cString: strerror(errno)))")
        }
        // pipe2() is hidden behind _GNU_SOURCE in Glibc's module; set the flags one by one.
        for descriptor in descriptors {
            let flags = fcntl(descriptor, F_GETFL)
            guard flags >= 0, fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) == 0,
                  fcntl(descriptor, F_SETFD, FD_CLOEXEC) == 0 else {
                let reason = String(cString: strerror(errno))
                descriptors.forEach { _ = close($0) }
                throw PostgresError(.invalidUsage, "cannot configure the wake-up pipe: \(reason)")
            }
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Makes `readDescriptor` readable. A full pipe already is, so EAGAIN is fine to ignore.
    func wake() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Empties the pipe so the next `poll` sleeps again.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readDescriptor, &buffer, buffer.count) > 0 {}
    }
}
