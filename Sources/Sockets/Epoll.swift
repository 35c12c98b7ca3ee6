import CLinux
import Glibc

/// What a registered descriptor wants to hear about.
public struct IOInterest: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Data (or end of stream) can be read.
    public static let readable = IOInterest(rawValue: EPOLLIN.rawValue)
    /// The send buffer has room again.
    public static let writable = IOInterest(rawValue: EPOLLOUT.rawValue)
    /// The peer shut down its writing side; reported even while we are not reading.
    public static let peerClosed = IOInterest(rawValue: EPOLLRDHUP.rawValue)
    /// Report changes only (EPOLLET): the owner must read until a short read or EAGAIN and
    /// remember what it has not drained, but never needs `epoll_ctl` to switch interest.
    public static let edgeTriggered = IOInterest(rawValue: EPOLLET.rawValue)
}

/// The events epoll reported for one descriptor.
public struct IOEvents: Sendable {
    public let rawValue: UInt32
    /// Readable, or end of stream pending.
    public var isReadable: Bool { rawValue & EPOLLIN.rawValue != 0 }
    /// Writable again.
    public var isWritable: Bool { rawValue & EPOLLOUT.rawValue != 0 }
    /// Hung up or in error: the connection is finished whatever we wanted.
    public var isHangUp: Bool { rawValue & (EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 }
    /// The peer closed its writing side.
    public var isPeerClosed: Bool { rawValue & EPOLLRDHUP.rawValue != 0 }
}

/// An epoll instance. Interest stays registered between events: the listener level-triggered,
/// connections edge-triggered for reading and writing at once, so the common path is one
/// `epoll_wait` per batch and no `epoll_ctl` at all (the nginx arrangement).
final class Epoll {
    let descriptor: Int32
    private var events: UnsafeMutableBufferPointer<epoll_event>

    init(maximumEventsPerWait: Int = 256) throws {
        descriptor = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard descriptor >= 0 else { throw SocketError.lastError("epoll_create1") }
        events = .allocate(capacity: maximumEventsPerWait)
    }

    deinit {
        events.deallocate()
        close(descriptor)
    }

    func add(_ fd: Int32, interest: IOInterest) throws {
        try control(EPOLL_CTL_ADD, fd, interest, name: "epoll_ctl(ADD)")
    }

    func modify(_ fd: Int32, interest: IOInterest) throws {
        try control(EPOLL_CTL_MOD, fd, interest, name: "epoll_ctl(MOD)")
    }

    func remove(_ fd: Int32) {
        // Closing a descriptor removes it from the set anyway; a failure here is harmless.
        _ = epoll_ctl(descriptor, EPOLL_CTL_DEL, fd, nil)
    }

    private func control(_ operation: Int32, _ fd: Int32, _ interest: IOInterest, name: String) throws {
        var event = epoll_event()
        event.events = interest.rawValue
        event.data.fd = fd
        guard epoll_ctl(descriptor, operation, fd, &event) == 0 else { throw SocketError.lastError(name) }
    }

    /// Waits up to `timeoutMilliseconds` (-1: forever) and calls `body` per ready descriptor.
    func wait(timeoutMilliseconds: Int32, _ body: (Int32, IOEvents) -> Void) throws {
        let count = epoll_wait(descriptor, events.baseAddress, Int32(events.count), timeoutMilliseconds)
        if count < 0 {
            if Glibc.errno == EINTR { return }
            throw SocketError.lastError("epoll_wait")
        }
        for index in 0..<Int(count) {
            body(events[index].data.fd, IOEvents(rawValue: events[index].events))
        }
    }
}
