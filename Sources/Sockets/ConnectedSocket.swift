import CLinux
import Glibc

/// One accepted, non-blocking TCP connection. It closes its descriptor when closed explicitly
/// or, as a safety net against leaks, when the last reference goes away.
public final class ConnectedSocket {
    /// The descriptor; -1 once closed.
    public private(set) var descriptor: Int32
    /// The peer's address, when the kernel reported one.
    public let peer: SocketAddress?

    /// Wraps a descriptor this object will own from now on.
    public init(descriptor: Int32, peer: SocketAddress?) {
        self.descriptor = descriptor
        self.peer = peer
    }

    /// What a non-blocking read produced.
    public enum ReadResult: Equatable {
        /// This many bytes were placed at the start of the buffer.
        case bytes(Int)
        /// Nothing to read now (EAGAIN).
        case wouldBlock
        /// The peer closed its side (read returned 0).
        case endOfStream
        /// The connection failed, e.g. ECONNRESET.
        case failed(Int32)
    }

    /// Reads what is available into `buffer`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) -> ReadResult {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .endOfStream }
            let error = Glibc.errno
            if error == EINTR { continue }
            if error == EAGAIN || error == EWOULDBLOCK { return .wouldBlock }
            return .failed(error)
        }
    }

    /// What a non-blocking write produced.
    public enum WriteResult: Equatable {
        /// This many bytes were taken by the kernel (possibly fewer than offered).
        case written(Int)
        /// The send buffer is full (EAGAIN); wait for writability.
        case wouldBlock
        /// The connection failed, e.g. EPIPE or ECONNRESET.
        case failed(Int32)
    }

    /// Writes as much of `bytes` as the kernel accepts now. `MSG_NOSIGNAL` keeps a vanished
    /// peer from raising SIGPIPE in the whole process.
    public func write(_ bytes: UnsafeRawBufferPointer) -> WriteResult {
        while true {
            let count = send(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if count >= 0 { return .written(count) }
            let error = Glibc.errno
            if error == EINTR { continue }
            if error == EAGAIN || error == EWOULDBLOCK { return .wouldBlock }
            return .failed(error)
        }
    }

    /// Closes the descriptor once; later calls do nothing.
    public func close() {
        guard descriptor >= 0 else { return }
        Glibc.close(descriptor)
        descriptor = -1
    }

    deinit { close() }
}

extension ConnectedSocket {
    /// Shuts down our sending side (FIN) while still allowing reads.
    public func shutdownWrite() {
        guard descriptor >= 0 else { return }
        _ = Glibc.shutdown(descriptor, Int32(SHUT_WR))
    }
}
