public import Foundation

/// `bytea` in its hex format (PostgreSQL docs, "Binary Data Types" §8.4.1): `\x` followed by two
/// hex digits per byte. Connections set `bytea_output = hex`, so the legacy escape format never
/// arrives; NUL and any other byte travel safely because the text is plain ASCII.
enum ByteaHex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: some Collection<UInt8>) -> String {
        var text: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        text.reserveCapacity(2 + bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func decode(_ cell: PostgresCell, as swiftType: Any.Type) throws -> [UInt8] {
        try cell.requireType([.bytea], for: swiftType)
        if cell.isNull { throw cell.failure(decoding: swiftType, "the value is NULL; decode an Optional to accept NULL") }
        return try cell.withUnsafeBytes { text in
            guard text.count >= 2, text[0] == UInt8(ascii: "\\"), text[1] == UInt8(ascii: "x"), text.count % 2 == 0 else {
                throw cell.failure(decoding: swiftType, "bytea is not in hex format (set bytea_output = hex)")
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity((text.count - 2) / 2)
            var index = 2
            while index < text.count {
                guard let high = nibble(text[index]), let low = nibble(text[index + 1]) else {
                    throw cell.failure(decoding: swiftType, "invalid hex digit in bytea at offset \(index)")
                }
                bytes.append(high << 4 | low)
                index += 2
            }
            return bytes
        }
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension Array: PostgresEncodable where Element == UInt8 {
    /// `bytea`
    public static var postgresDataType: PostgresDataType { .bytea }
    /// The hex format, `\x…`.
    public func postgresText() -> String? { ByteaHex.encode(self) }
}

extension Array: PostgresDecodable where Element == UInt8 {
    /// From bytea.
    public init(postgresCell cell: PostgresCell) throws {
        self = try ByteaHex.decode(cell, as: [UInt8].self)
    }
}

extension Data: PostgresEncodable {
    /// `bytea`
    public static var postgresDataType: PostgresDataType { .bytea }
    /// The hex format, `\x…`.
    public func postgresText() -> String? { ByteaHex.encode(self) }
}

extension Data: PostgresDecodable {
    /// From bytea.
    public init(postgresCell cell: PostgresCell) throws {
        self = Data(try ByteaHex.decode(cell, as: Data.self))
    }
}
