import Foundation
import Glibc
import Synchronization

/// A TCP relay in front of the simulator's HTTP server that can close a client's connection
/// without an answer, the way a crashing PHP worker or a proxy timeout does. Our HTTP server
/// always answers, so the drop happens here: the handler names the connection it is serving
/// (by the relay's outbound port, the server's view of the peer) and the relay shuts both
/// sockets before the answer can pass.
///
/// Blocking sockets and two threads per connection: a test fixture carrying a few
/// connections, not a server. Each socket call's failure ends that connection.
final class DroppingRelay: Sendable {
    let port: Int
    private let listener: Int32
    private let targetPort: Int
    /// Open pairs by the outbound socket's local port: (client fd, upstream fd).
    private let pairs = Mutex<[Int: (Int32, Int32)]>([:])
    private let stopped = Atomic<Bool>(false)

    init(targetPort: Int) throws {
        self.targetPort = targetPort
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw RelayError(call: "socket", errno: errno) }
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard bound, listen(listener, 64) == 0 else {
            let error = RelayError(call: "bind/listen", errno: errno)
            close(listener)
            throw error
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        self.listener = listener
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Closes the connection whose upstream side is `remoteAddress` (`127.0.0.1:<port>`).
    func drop(connectionFrom remoteAddress: String?) {
        guard let text = remoteAddress?.split(separator: ":").last, let localPort = Int(text) else { return }
        guard let pair = pairs.withLock({ $0.removeValue(forKey: localPort) }) else { return }
        shutdown(pair.0, Int32(SHUT_RDWR))
        shutdown(pair.1, Int32(SHUT_RDWR))
    }

    func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for (_, pair) in pairs.withLock({ $0 }) {
            shutdown(pair.0, Int32(SHUT_RDWR))
            shutdown(pair.1, Int32(SHUT_RDWR))
        }
    }

    private func acceptLoop() {
        while !stopped.load(ordering: .relaxed) {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                if errno == EINTR { continue }
                return
            }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: targetPort)
            let connected = upstream >= 0 && withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            guard connected, let localPort = Self.localPort(of: upstream) else {
                close(client)
                if upstream >= 0 { close(upstream) }
                continue
            }
            var one: Int32 = 1
            setsockopt(upstream, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            pairs.withLock { $0[localPort] = (client, upstream) }
            let finished = Atomic<Int>(0)
            let finish: @Sendable () -> Void = { [self] in
                // The second pump to end closes both descriptors, once.
                guard finished.add(1, ordering: .relaxed).newValue == 2 else { return }
                pairs.withLock { _ = $0.removeValue(forKey: localPort) }
                close(client)
                close(upstream)
            }
            Thread { Self.pump(from: client, to: upstream); finish() }.start()
            Thread { Self.pump(from: upstream, to: client); finish() }.start()
        }
    }

    private static func pump(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            var sent = 0
            while sent < count {
                let written = buffer.withUnsafeBytes { send(destination, $0.baseAddress! + sent, count - sent, Int32(MSG_NOSIGNAL)) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { shutdown(source, Int32(SHUT_RDWR)); return }
                sent += written
            }
        }
        shutdown(destination, Int32(SHUT_WR))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        return address
    }

    private static func localPort(of descriptor: Int32) -> Int? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) == 0 }
        }
        return ok ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }
}

/// A socket call of the relay failed.
struct RelayError: Error, CustomStringConvertible {
    var call: String
    var errno: Int32
    var description: String { "\(call) failed: errno \(errno)" }
}
