public import Foundation
import Glibc
import Synchronization

/// What ``FaultInjectingRelay`` does with one HTTP request.
public enum RelayFault: Sendable, Hashable, CustomStringConvertible {
    /// Forwarded, and the upstream's answer passed back.
    case pass
    /// Answered by the relay with `status` (and `Retry-After` when given); never forwarded —
    /// a proxy's 502, a load balancer's 429.
    case status(Int, retryAfter: Int? = nil)
    /// Forwarded and answered upstream, but the answer never reaches the client: the
    /// connection closes. The write happened; the client cannot know (a timeout after commit).
    case answerLost
    /// The connection closes before the request is forwarded (a proxy that crashed).
    case refused

    public var description: String {
        switch self {
        case .pass: "pass"
        case .status(let status, let retryAfter): retryAfter.map { "\(status) (Retry-After \($0))" } ?? "\(status)"
        case .answerLost: "answer lost"
        case .refused: "refused"
        }
    }
}

/// A seeded generator (SplitMix64, Steele et al. 2014): the same seed gives the same numbers,
/// so a failing fault sequence reproduces.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Starts at `seed`.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// An HTTP/1.1 relay on loopback in front of an upstream server (Tryton) that fails a share of
/// the requests it carries. Each request takes the next decision of a seeded generator, so the
/// sequence of faults (the nth request's fate) is the same on every run with the same seed;
/// which call is the nth depends on the workers' interleaving.
///
/// One request per connection, answered with `Connection: close` (RFC 9112 §9.6), so a request
/// is framed by its Content-Length and an answer by the upstream closing. Blocking sockets and
/// a thread per connection: a fixture for tests, not a proxy.
public final class FaultInjectingRelay: Sendable {
    /// The loopback port the relay listens on.
    public let port: Int
    /// `http://127.0.0.1:<port>`.
    public var url: String { "http://127.0.0.1:\(port)" }
    private let listener: Int32
    private let upstreamPort: Int
    private let faultRate: Double
    private let faults: [RelayFault]
    private let generator: Mutex<SeededGenerator>
    private let decisions = Mutex<[RelayFault]>([])
    private let stopped = Atomic<Bool>(false)

    /// Relays to `127.0.0.1:<upstreamPort>`, failing about `faultRate` of the requests with one
    /// of `faults` (chosen evenly), the rest passed.
    public init(upstreamPort: Int, seed: UInt64, faultRate: Double, faults: [RelayFault]) throws {
        precondition((0...1).contains(faultRate) && !faults.isEmpty, "a rate in 0...1 and at least one fault")
        self.upstreamPort = upstreamPort
        self.faultRate = faultRate
        self.faults = faults
        generator = Mutex(SeededGenerator(seed: seed))
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw RelaySocketError(call: "socket", errno: errno) }
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard bound, listen(listener, 128) == 0 else {
            let error = RelaySocketError(call: "bind/listen", errno: errno)
            close(listener)
            throw error
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        self.listener = listener
        Thread { [self] in acceptLoop() }.start()
    }

    /// Relays to the server of `url` (`http://host:port`, loopback only).
    public convenience init(upstream url: String, seed: UInt64, faultRate: Double, faults: [RelayFault]) throws {
        guard let components = URLComponents(string: url), let port = components.port else {
            throw RelaySocketError(call: "parse \(url)", errno: 0)
        }
        try self.init(upstreamPort: port, seed: seed, faultRate: faultRate, faults: faults)
    }

    /// What was done to each request so far, in arrival order.
    public var log: [RelayFault] { decisions.withLock { $0 } }

    /// Stops accepting; connections under way finish on their own.
    public func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    deinit { stop() }

    private func decide() -> RelayFault {
        let fault: RelayFault = generator.withLock { generator in
            guard Double.random(in: 0..<1, using: &generator) < faultRate else { return .pass }
            return faults[Int.random(in: 0..<faults.count, using: &generator)]
        }
        decisions.withLock { $0.append(fault) }
        return fault
    }

    private func acceptLoop() {
        while !stopped.load(ordering: .relaxed) {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            Thread { [self] in
                serve(client)
                close(client)
            }.start()
        }
    }

    private func serve(_ client: Int32) {
        Self.setTimeout(client, seconds: 60)
        guard let request = Self.readRequest(from: client) else { return }
        switch decide() {
        case .pass:
            if let answer = forward(request) { Self.writeAll(answer, to: client) }
        case .status(let status, let retryAfter):
            let body = Array("{\"error\": \"injected \(status)\"}".utf8)
            var head = "HTTP/1.1 \(status) Injected\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n"
            if let retryAfter { head += "Retry-After: \(retryAfter)\r\n" }
            head += "Connection: close\r\n\r\n"
            Self.writeAll(Array(head.utf8) + body, to: client)
        case .answerLost:
            _ = forward(request)
        case .refused:
            break
        }
        shutdown(client, Int32(SHUT_RDWR))
    }

    /// Sends the request upstream with `Connection: close` and reads the answer to the end.
    private func forward(_ request: (head: String, body: [UInt8])) -> [UInt8]? {
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard upstream >= 0 else { return nil }
        defer { close(upstream) }
        var address = Self.loopback(port: upstreamPort)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { return nil }
        Self.setTimeout(upstream, seconds: 120)
        let lines = request.head.components(separatedBy: "\r\n").filter {
            !$0.isEmpty && !$0.lowercased().hasPrefix("connection:") && !$0.lowercased().hasPrefix("keep-alive:")
        }
        let head = lines.joined(separator: "\r\n") + "\r\nConnection: close\r\n\r\n"
        guard Self.writeAll(Array(head.utf8) + request.body, to: upstream) else { return nil }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(upstream, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            answer += buffer[0..<count]
        }
        return answer.isEmpty ? nil : answer
    }

    /// One request: the head up to the blank line, then Content-Length bytes of body
    /// (RFC 9112 §6.3; the Tryton client never sends chunked bodies).
    private static func readRequest(from descriptor: Int32) -> (head: String, body: [UInt8])? {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        var needed = Int.max
        while received.count < needed {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            received += buffer[0..<count]
            if headEnd == nil, let end = received.firstRange(of: separator)?.lowerBound {
                headEnd = end
                let head = String(decoding: received[..<end], as: UTF8.self)
                let length = head.components(separatedBy: "\r\n").lazy
                    .compactMap { line -> Int? in
                        let parts = line.split(separator: ":", maxSplits: 1)
                        guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                        return Int(parts[1].trimmingCharacters(in: .whitespaces))
                    }.first ?? 0
                needed = end + 4 + length
            }
        }
        guard let end = headEnd else { return nil }
        return (String(decoding: received[..<end], as: UTF8.self), Array(received[(end + 4)...]))
    }

    @discardableResult
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let written = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            sent += written
        }
        return true
    }

    private static func setTimeout(_ descriptor: Int32, seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        return address
    }
}

/// A socket call of the relay failed.
public struct RelaySocketError: Error, CustomStringConvertible {
    /// The call.
    public var call: String
    /// Its errno.
    public var errno: Int32
    public var description: String { "\(call) failed: errno \(errno)" }
}
