import Glibc

/// A block of IP addresses in CIDR notation (RFC 4632 §3.1 for IPv4, RFC 4291 §2.3 for IPv6):
/// `10.0.0.0/8`, `fd00::/8`, or a single address (`192.0.2.1` is `/32`, `::1` is `/128`).
/// Used to say which peers are trusted proxies.
public struct IPAddressRange: Sendable, Equatable, CustomStringConvertible {
    /// The network's address bytes (4 or 16), host bits cleared.
    let network: [UInt8]
    /// How many leading bits must match.
    let prefixLength: Int

    /// Parses `address` or `address/prefix`; nil for anything else (names, bad prefixes).
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = Self.bytes(of: String(parts[0])) else { return nil }
        let bits = bytes.count * 8
        var prefix = bits
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...bits).contains(parsed), parts[1].allSatisfy(\.isNumber) else { return nil }
            prefix = parsed
        }
        network = Self.masked(bytes, prefixLength: prefix)
        prefixLength = prefix
    }

    /// Whether the numeric address `text` lies in the range. An IPv4-mapped IPv6 address
    /// (`::ffff:192.0.2.1`, RFC 4291 §2.5.5.2) counts as its IPv4 address.
    public func contains(_ text: String) -> Bool {
        guard var bytes = Self.bytes(of: text) else { return false }
        if bytes.count == 16, network.count == 4, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            bytes = Array(bytes[12...])
        }
        guard bytes.count == network.count else { return false }
        return Self.masked(bytes, prefixLength: prefixLength) == network
    }

    /// Whether `text` is a numeric IPv4 or IPv6 address.
    public static func isAddress(_ text: String) -> Bool { bytes(of: text) != nil }

    public var description: String {
        var text = [UInt8](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = network.count == 4 ? AF_INET : AF_INET6
        let written = network.withUnsafeBytes { source in
            text.withUnsafeMutableBufferPointer { target in
                target.baseAddress!.withMemoryRebound(to: CChar.self, capacity: target.count) {
                    inet_ntop(family, source.baseAddress, $0, socklen_t(target.count)) != nil
                }
            }
        }
        let address = written ? String(decoding: text.prefix { $0 != 0 }, as: UTF8.self) : "?"
        return "\(address)/\(prefixLength)"
    }

    /// The address's bytes from `inet_pton`, the one place text becomes an address.
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    private static func masked(_ bytes: [UInt8], prefixLength: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let bitsHere = max(0, min(8, prefixLength - index * 8))
            return bitsHere == 8 ? byte : byte & ~(0xFF >> bitsHere)
        }
    }
}
