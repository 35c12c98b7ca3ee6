import Glibc

/// Counts this process's open sockets that are the server's side of a connection to `port`:
/// TCP sockets whose local port is the server's, other than its listeners. A socket whose peer
/// reset it still counts (it is not connected any more, but its descriptor is open). Unlike the
/// process-wide descriptor count, this is not disturbed by what other tests open and close.
func serverSideConnectionCount(port: UInt16) -> Int {
    guard let directory = opendir("/proc/self/fd") else { return -1 }
    defer { closedir(directory) }
    var count = 0
    while let entry = readdir(directory) {
        let name = withUnsafePointer(to: entry.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        guard let fd = Int32(name), fd != dirfd(directory) else { continue }
        if localPort(of: fd) == port, !isListening(fd) { count += 1 }
    }
    return count
}

private func localPort(of fd: Int32) -> UInt16? {
    var address = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let result = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard result == 0, address.sin_family == sa_family_t(AF_INET) else { return nil }
    return UInt16(bigEndian: address.sin_port)
}

private func isListening(_ fd: Int32) -> Bool {
    var accepting: Int32 = 0
    var length = socklen_t(MemoryLayout<Int32>.size)
    return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0 && accepting != 0
}
