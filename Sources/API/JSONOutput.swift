import Foundation

/// JSON text (RFC 8259) appended to a byte array: the scalar values and punctuation the
/// streaming encoder writes, each in one place so escaping and number forms cannot drift.
struct JSONOutput {
    /// The text so far, UTF-8.
    var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    mutating func writeNull() {
        bytes.append(contentsOf: Self.null)
    }

    mutating func writeBool(_ value: Bool) {
        bytes.append(contentsOf: value ? Self.true : Self.false)
    }

    /// `value` as a JSON string (RFC 8259 §7): quoted, with `"`, `\` and the control
    /// characters U+0000–U+001F escaped — `\b \f \n \r \t` in their short forms, the rest as
    /// `\u00XX`. Nothing else is escaped: `/` stays as it is (the old encoder's
    /// `.withoutEscapingSlashes`), and non-ASCII characters are written as their UTF-8.
    mutating func writeString(_ value: String) {
        var value = value
        bytes.append(UInt8(ascii: "\""))
        value.withUTF8 { writeEscaped($0) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A member name: the snake_case form of `name` (`SnakeCaseName`), quoted, and the `:`.
    mutating func writeMemberName(_ name: String) {
        var name = name
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8 { utf8 in
            // One pass to classify: a name with no capitals is copied as it is; one with only
            // plain ASCII is converted straight into the output. A name needing escapes or
            // with non-ASCII letters (whose case only Unicode tables know) is rare enough to
            // take the slow way: converted apart, then escaped.
            var hasCapital = false
            for byte in utf8 {
                guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else {
                    var converted = SnakeCaseName.convert(String(decoding: utf8, as: UTF8.self))
                    return converted.withUTF8 { writeEscaped($0) }
                }
                if SnakeCaseName.isUpper(byte) { hasCapital = true }
            }
            if hasCapital {
                SnakeCaseName.writeASCII(utf8, to: &bytes)
            } else {
                bytes.append(contentsOf: utf8)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// `utf8` with the escapes of RFC 8259 §7, copying runs that need none in one go.
    mutating func writeEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
            runStart = index + 1
            bytes.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(UInt8(ascii: "f"))
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            default:
                bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            }
        }
        if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
    }

    /// An integer in decimal digits, `-` for negatives (RFC 8259 §6).
    mutating func writeInteger(_ value: some BinaryInteger) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        writeDigits(of: UInt64(value.magnitude))
    }

    private mutating func writeDigits(of magnitude: UInt64) {
        // 20 digits hold UInt64.max; filled from the end, then copied once.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var rest = magnitude
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// A finite binary floating-point number in the shortest form that reads back as the same
    /// value (Swift's `description`), without a trailing `.0`, as Foundation's encoder writes
    /// it. The caller rejects NaN and infinities, which JSON cannot spell (RFC 8259 §6).
    mutating func writeFloatingPoint(_ value: some BinaryFloatingPoint & LosslessStringConvertible) {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// The UUID in its canonical form (RFC 9562 §4), lower case as §4 recommends for output.
    mutating func writeUUID(_ uuid: UUID) {
        bytes.append(UInt8(ascii: "\""))
        withUnsafeBytes(of: uuid.uuid) { raw in
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(Self.hexDigits[Int(raw[index] >> 4)])
                bytes.append(Self.hexDigits[Int(raw[index] & 0x0F)])
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The date as a JSON string in the API's RFC 3339 form (`RFC3339Timestamp`).
    mutating func writeDate(_ date: Date) {
        bytes.append(UInt8(ascii: "\""))
        RFC3339Timestamp.write(date, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
    private static let null: [UInt8] = Array("null".utf8)
    private static let `true`: [UInt8] = Array("true".utf8)
    private static let `false`: [UInt8] = Array("false".utf8)
}
