import Glibc

/// `setsockopt`/`getsockname` wrapped once, failures as `SocketError`.
enum SocketOptions {
    static func enable(_ option: Int32, level: Int32, on fd: Int32, name: String) throws {
        var one: Int32 = 1
        guard setsockopt(fd, level, option, &one, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw SocketError.lastError(name)
        }
    }

    static func localAddress(of fd: Int32) throws -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw SocketError.lastError("getsockname") }
        guard let address = withUnsafePointer(to: &storage, { SocketAddress.decode($0) }) else {
            throw SocketError(call: "getsockname (unknown address family)", errno: EAFNOSUPPORT)
        }
        return address
    }
}
