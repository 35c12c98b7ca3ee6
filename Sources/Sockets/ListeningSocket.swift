import CLinux
import Glibc

/// A non-blocking TCP listener.
///
/// Each event loop owns one, all bound to the same address with `SO_REUSEPORT`, so the kernel
/// spreads new connections across loops without a shared accept lock (the nginx layout).
public final class ListeningSocket {
    /// The descriptor; -1 once closed.
    public private(set) var descriptor: Int32
    /// The address actually bound (with the kernel's port when 0 was asked for).
    public let address: SocketAddress

    /// Creates, binds and listens. `reusePort` lets several listeners share the address.
    public init(binding requested: SocketAddress, backlog: Int32 = 4096, reusePort: Bool = true) throws {
        let family = requested.isIPv6 ? AF_INET6 : AF_INET
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError.lastError("socket") }
        do {
            try SocketOptions.enable(SO_REUSEADDR, level: SOL_SOCKET, on: fd, name: "setsockopt(SO_REUSEADDR)")
            if reusePort {
                try SocketOptions.enable(SO_REUSEPORT, level: SOL_SOCKET, on: fd, name: "setsockopt(SO_REUSEPORT)")
            }
            try requested.withSockAddr { pointer, length in
                guard bind(fd, pointer, length) == 0 else { throw SocketError.lastError("bind \(requested)") }
            }
            guard listen(fd, backlog) == 0 else { throw SocketError.lastError("listen") }
            self.address = try SocketOptions.localAddress(of: fd)
        } catch {
            Glibc.close(fd)
            throw error
        }
        self.descriptor = fd
    }

    /// Accepts one pending connection, or returns nil when none is waiting (EAGAIN).
    ///
    /// The new socket is non-blocking, close-on-exec, and has Nagle's algorithm off: each
    /// response goes out in one write, and waiting for an ACK before sending it would add
    /// ~40 ms to every keep-alive exchange (the FlyingFox lesson in DESIGN.md).
    public func accept() throws -> ConnectedSocket? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                accept4(descriptor, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            }
        }
        if fd < 0 {
            let error = Glibc.errno
            // ECONNABORTED: the peer gave up while queued; EMFILE/ENFILE are reported to the caller.
            if error == EAGAIN || error == EWOULDBLOCK || error == ECONNABORTED || error == EINTR { return nil }
            throw SocketError(call: "accept4", errno: error)
        }
        try? SocketOptions.enable(TCP_NODELAY, level: Int32(IPPROTO_TCP), on: fd, name: "setsockopt(TCP_NODELAY)")
        let peer = withUnsafePointer(to: &storage) { SocketAddress.decode($0) }
        return ConnectedSocket(descriptor: fd, peer: peer)
    }

    /// Stops listening; queued but unaccepted connections are reset by the kernel.
    public func close() {
        guard descriptor >= 0 else { return }
        Glibc.close(descriptor)
        descriptor = -1
    }

    deinit { close() }
}
