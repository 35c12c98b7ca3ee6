import Glibc

/// A failed system call, named, with the errno it left behind.
///
/// Every C call in this module is wrapped exactly once; a failure becomes one of these on the
/// spot so callers see "bind failed: Address already in use (errno 98)" rather than `-1`.
public struct SocketError: Error, Sendable, CustomStringConvertible {
    /// The system call that failed, e.g. `"bind"`.
    public var call: String
    /// The errno value the call left behind.
    public var errno: Int32

    /// Records a failure of `call` with an explicit errno.
    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// Records a failure of `call` with the calling thread's current errno.
    public static func lastError(_ call: String) -> SocketError {
        SocketError(call: call, errno: Glibc.errno)
    }

    /// True for EMFILE/ENFILE: the process or system ran out of file descriptors.
    public var isOutOfDescriptors: Bool { errno == EMFILE || errno == ENFILE }

    public var description: String {
        let text = String(cString: strerror(errno))
        return "\(call) failed: \(text) (errno \(errno))"
    }
}
