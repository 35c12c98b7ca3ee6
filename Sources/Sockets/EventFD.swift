import CLinux
import Glibc

/// An eventfd used to wake an event loop from another thread.
final class EventFD {
    let descriptor: Int32

    init() throws {
        descriptor = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard descriptor >= 0 else { throw SocketError.lastError("eventfd") }
    }

    deinit { close(descriptor) }

    /// Adds one to the counter, making the descriptor readable. Safe from any thread.
    func signal() {
        var one: UInt64 = 1
        _ = Glibc.write(descriptor, &one, MemoryLayout<UInt64>.size)
    }

    /// Resets the counter after a wake-up.
    func drain() {
        var value: UInt64 = 0
        _ = Glibc.read(descriptor, &value, MemoryLayout<UInt64>.size)
    }
}
