import Glibc

/// Why a test client operation did not get what it waited for.
enum TestClientError: Error, CustomStringConvertible {
    case socketCall(String, errno: Int32)
    case timedOut(waitingFor: String, received: [UInt8])
    case closedEarly(waitingFor: String, received: [UInt8])
    case malformedResponse(String)

    var description: String {
        switch self {
        case .socketCall(let call, let errno): "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
        case .timedOut(let what, let received): "timed out waiting for \(what); had \(received.count) bytes: \(TestClient.printable(received))"
        case .closedEarly(let what, let received): "connection closed while waiting for \(what); had \(TestClient.printable(received))"
        case .malformedResponse(let detail): "malformed response: \(detail)"
        }
    }
}

/// A deliberately plain HTTP/1.1 client for the server tests: one blocking TCP socket on
/// loopback, bytes out exactly as the test writes them, responses read back with a deadline
/// on every wait (`poll`), so a server bug fails a test instead of hanging it.
final class TestClient {
    /// The socket; -1 once closed.
    private(set) var descriptor: Int32
    /// Bytes received but not yet returned as part of a response.
    private var received: [UInt8] = []
    /// How long any single wait may take by default; generous, since tests must not depend
    /// on the machine's speed.
    static let defaultTimeout: Duration = .seconds(10)

    /// Connects to `127.0.0.1:port`.
    init(port: UInt16) throws {
        descriptor = -1
        let fd = try Self.connectedSocket(port: port)
        descriptor = fd
    }

    deinit { close() }

    /// Opens a socket and connects it; returns the errno of a failed connect instead of
    /// throwing when `port` refuses, so tests can wait for a listener to go away.
    static func connectionRefused(port: UInt16) -> Bool {
        do {
            let fd = try connectedSocket(port: port)
            Glibc.close(fd)
            return false
        } catch TestClientError.socketCall(_, let errno) where errno == ECONNREFUSED {
            return true
        } catch {
            return false
        }
    }

    private static func connectedSocket(port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestClientError.socketCall("socket", errno: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let error = errno
            Glibc.close(fd)
            throw TestClientError.socketCall("connect", errno: error)
        }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    // MARK: Sending

    /// Sends all of `text` (written with explicit `\r\n`).
    func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    /// Sends all of `bytes`.
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw TestClientError.socketCall("send", errno: errno)
            }
            offset += count
        }
    }

    /// Sends `chunk` over and over without reading anything, until the kernel has not taken a
    /// byte for `stall` or `limit` bytes went out; returns how many bytes were sent. A server
    /// that stops reading from a client that does not read its responses stalls the sender.
    func sendRepeatedlyUntilStalled(_ chunk: [UInt8], limit: Int, stall: Duration) throws -> Int {
        var sent = 0
        var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        while sent < limit {
            let ready = poll(&pollDescriptor, 1, Deadline(after: stall).remainingMilliseconds)
            if ready < 0, errno == EINTR { continue }
            if ready < 0 { throw TestClientError.socketCall("poll", errno: errno) }
            if ready == 0 { return sent }
            let offset = sent % chunk.count
            let count = chunk[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
            }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { continue }
                throw TestClientError.socketCall("send", errno: errno)
            }
            sent += count
        }
        return sent
    }

    // MARK: Receiving

    /// Reads exactly `count` bytes, whatever they are.
    func readBytes(_ count: Int, timeout: Duration = defaultTimeout) throws -> [UInt8] {
        let deadline = Deadline(after: timeout)
        while received.count < count {
            try receiveMore(waitingFor: "\(count) bytes", deadline: deadline)
        }
        let bytes = Array(received[..<count])
        received.removeFirst(count)
        return bytes
    }

    /// Reads one complete response. `isResponseToHead` says the response has no content
    /// whatever its Content-Length (RFC 9110 §9.3.2); 1xx, 204 and 304 never have any.
    func readResponse(isResponseToHead: Bool = false, timeout: Duration = defaultTimeout) throws -> RawResponse {
        let deadline = Deadline(after: timeout)
        var headEnd: Int?
        while headEnd == nil {
            headEnd = Self.endOfHead(in: received)
            if headEnd == nil { try receiveMore(waitingFor: "a response head", deadline: deadline) }
        }
        let headLength = headEnd!
        var response = try RawResponse(head: Array(received[..<headLength]))
        received.removeFirst(headLength)
        let hasNoContent = isResponseToHead || response.status < 200 || response.status == 204 || response.status == 304
        if !hasNoContent {
            guard let lengthText = response.headers["content-length"], let length = Int(lengthText) else {
                throw TestClientError.malformedResponse("no Content-Length in \(response.statusLine)")
            }
            while received.count < length {
                try receiveMore(waitingFor: "\(length) body bytes", deadline: deadline)
            }
            response.body = Array(received[..<length])
            received.removeFirst(length)
        }
        return response
    }

    /// Waits for the server to close the connection and returns whatever arrived before
    /// the end of stream (tests usually expect nothing).
    func readUntilEndOfStream(timeout: Duration = defaultTimeout) throws -> [UInt8] {
        let deadline = Deadline(after: timeout)
        do {
            while true { try receiveMore(waitingFor: "end of stream", deadline: deadline) }
        } catch TestClientError.closedEarly(_, let bytes) {
            received = []
            return bytes
        }
    }

    /// Waits up to `timeout` for a byte or the end of stream; true when one is waiting.
    func waitForInput(timeout: Duration) -> Bool {
        if !received.isEmpty { return true }
        let deadline = Deadline(after: timeout)
        var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&pollDescriptor, 1, deadline.remainingMilliseconds)
            if ready < 0, errno == EINTR { continue }
            return ready > 0
        }
    }

    private func receiveMore(waitingFor what: String, deadline: Deadline) throws {
        var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&pollDescriptor, 1, deadline.remainingMilliseconds)
            if ready < 0, errno == EINTR { continue }
            if ready < 0 { throw TestClientError.socketCall("poll", errno: errno) }
            if ready == 0 { throw TestClientError.timedOut(waitingFor: what, received: received) }
            break
        }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            if errno == EINTR { return }
            throw TestClientError.socketCall("recv", errno: errno)
        }
        if count == 0 { throw TestClientError.closedEarly(waitingFor: what, received: received) }
        received += chunk[..<count]
    }

    private static func endOfHead(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 3..<bytes.count
        where bytes[index - 3] == 0x0D && bytes[index - 2] == 0x0A && bytes[index - 1] == 0x0D && bytes[index] == 0x0A {
            return index + 1
        }
        return nil
    }

    // MARK: Closing

    /// Shuts down the sending side only (FIN), as a client does that has nothing more to say
    /// but still wants the answer.
    func finishSending() {
        guard descriptor >= 0 else { return }
        _ = Glibc.shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Closes normally (FIN).
    func close() {
        guard descriptor >= 0 else { return }
        Glibc.close(descriptor)
        descriptor = -1
    }

    /// Closes with a reset (SO_LINGER 0), like a client whose process died or whose network
    /// dropped the connection.
    func closeWithReset() {
        guard descriptor >= 0 else { return }
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close()
    }

    static func printable(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(300), as: UTF8.self).map { $0 == "\r\n" ? "⏎" : String($0) }.joined()
    }
}
