/// Windows-1252 ("ANSI" on Western European Windows, what legacy ERPs export) to and from
/// Unicode.
///
/// 0x00–0x7F and 0xA0–0xFF are the same code points as ISO-8859-1. 0x80–0x9F hold the
/// characters Windows added — €, ‚, „, …, the smart quotes ‘ ’ “ ”, –, —, ™, Š, Œ, Ž, Ÿ … —
/// per Microsoft's cp1252 table; its five unassigned bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to
/// the C1 controls of the same value, as the WHATWG Encoding Standard's index-windows-1252 does,
/// so every one of the 256 bytes decodes and a file is never refused for its encoding alone.
enum Windows1252 {
    /// Code points of bytes 0x80–0x9F.
    static let upperControlRange: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, // 80–87: € (81) ‚ ƒ „ … † ‡
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F, // 88–8F: ˆ ‰ Š ‹ Œ (8D) Ž (8F)
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, // 90–97: (90) ‘ ’ “ ” • – —
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178, // 98–9F: ˜ ™ š › œ (9D) ž Ÿ
    ]

    /// The character of each byte; total.
    static func decode(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for byte in bytes {
            let value = (0x80...0x9F).contains(byte) ? upperControlRange[Int(byte) - 0x80] : UInt32(byte)
            // Every value in the table is a valid scalar (none is a surrogate).
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }

    /// The byte for each character, or the first character Windows-1252 has no byte for.
    static func encode(_ text: String) -> Result<[UInt8], UnencodableCharacter> {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let byte = byte(for: scalar) {
                bytes.append(byte)
            } else {
                return .failure(UnencodableCharacter(scalar: scalar))
            }
        }
        return .success(bytes)
    }

    private static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let value = scalar.value
        if value < 0x80 || (0xA0...0xFF).contains(value) { return UInt8(value) }
        guard let index = upperControlRange.firstIndex(of: value) else { return nil }
        return UInt8(0x80 + index)
    }

    /// A character with no Windows-1252 byte (Ł, ő, 中, an emoji).
    struct UnencodableCharacter: Error {
        /// The character.
        var scalar: Unicode.Scalar
    }
}
