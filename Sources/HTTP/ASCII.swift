/// Byte-level character classes from RFC 9110 §5.6 and RFC 9112, used by the parser so it
/// never has to build a String to decide whether input is valid.
enum ASCII {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let comma: UInt8 = 0x2C

    /// `tchar` of RFC 9110 §5.6.2: the characters of a method or field name.
    @inline(__always)
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// `field-vchar` / obs-text plus SP and HTAB (RFC 9110 §5.5): what a field value may hold.
    /// NUL, CR, LF and the other controls are refused (a recipient MUST NOT accept them).
    @inline(__always)
    static func isFieldValueCharacter(_ byte: UInt8) -> Bool {
        byte == tab || (byte >= 0x20 && byte != 0x7F)
    }

    /// The visible ASCII characters allowed in a request target (RFC 3986 plus `%`-escapes);
    /// spaces, controls and raw non-ASCII bytes are not.
    @inline(__always)
    static func isTargetCharacter(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
    }

    /// Exact comparison of bytes with ASCII text.
    static func equals(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        let other = UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        return bytes.elementsEqual(other)
    }

    /// Case-insensitive comparison of bytes with lower-case ASCII text (field names are
    /// case-insensitive, RFC 9110 §5.1).
    static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ lowercaseText: StaticString) -> Bool {
        guard bytes.count == lowercaseText.utf8CodeUnitCount else { return false }
        let other = lowercaseText.utf8Start
        for index in 0..<bytes.count where lowercased(bytes[index]) != other[index] {
            return false
        }
        return true
    }

    /// Case-insensitive comparison of two strings made of ASCII (field names).
    static func equalsIgnoringCase(_ left: String, _ right: String) -> Bool {
        var left = left
        var right = right
        return left.withUTF8 { a in
            right.withUTF8 { b in
                guard a.count == b.count else { return false }
                for index in 0..<a.count where lowercased(a[index]) != lowercased(b[index]) { return false }
                return true
            }
        }
    }

    /// Removes leading and trailing SP/HTAB (optional whitespace, RFC 9110 §5.6.3).
    static func trimmingWhitespace(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == space || bytes[start] == tab { start += 1 }
        while end > start, bytes[end - 1] == space || bytes[end - 1] == tab { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }
}
