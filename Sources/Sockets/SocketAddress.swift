import Glibc

/// An IPv4 or IPv6 host and port, parsed from the `host:port` text of configuration
/// (`127.0.0.1:8080`, `[::1]:8080`, `0.0.0.0:80`).
public struct SocketAddress: Sendable, Equatable, CustomStringConvertible {
    /// A numeric IPv4 or IPv6 address (no name resolution: a listener binds what it is told).
    public var host: String
    /// The TCP port; 0 asks the kernel for a free one.
    public var port: UInt16

    /// An address from its parts; the host must be a numeric IPv4 or IPv6 address.
    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` or `[v6]:port`; returns nil for anything else.
    public init?(parsing text: String) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard let port = UInt16(portText), !host.isEmpty else { return nil }
        self.init(host: String(host), port: port)
        guard isIPv4 || isIPv6 else { return nil }
    }

    /// True when the host is a dotted-quad IPv4 address.
    public var isIPv4: Bool {
        var probe = in_addr()
        return inet_pton(AF_INET, host, &probe) == 1
    }

    /// True when the host is an IPv6 address.
    public var isIPv6: Bool {
        var probe = in6_addr()
        return inet_pton(AF_INET6, host, &probe) == 1
    }

    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Calls `body` with this address as a `sockaddr` of the right family and length.
    func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws -> R) throws -> R {
        if isIPv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            _ = inet_pton(AF_INET6, host, &address.sin6_addr)
            return try withUnsafePointer(to: &address) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    try body($0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        _ = inet_pton(AF_INET, host, &address.sin_addr)
        return try withUnsafePointer(to: &address) {
            try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                try body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }

    /// Decodes a peer address filled in by `accept4` or `getsockname`.
    static func decode(_ storage: UnsafePointer<sockaddr_storage>) -> SocketAddress? {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch Int32(storage.pointee.ss_family) {
        case AF_INET:
            return storage.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                var address = v4.pointee.sin_addr
                guard inet_ntop(AF_INET, &address, &text, socklen_t(text.count)) != nil else { return nil }
                return SocketAddress(host: decodeCString(text), port: UInt16(bigEndian: v4.pointee.sin_port))
            }
        case AF_INET6:
            return storage.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                var address = v6.pointee.sin6_addr
                guard inet_ntop(AF_INET6, &address, &text, socklen_t(text.count)) != nil else { return nil }
                return SocketAddress(host: decodeCString(text), port: UInt16(bigEndian: v6.pointee.sin6_port))
            }
        default:
            return nil
        }
    }

    private static func decodeCString(_ text: [CChar]) -> String {
        let bytes = text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
