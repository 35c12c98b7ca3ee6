/// Small image files built byte by byte, for logo upload tests: a real PNG (valid chunks,
/// CRCs and an uncompressed zlib stream, so a browser shows it), a JPEG header of chosen
/// dimensions, and the hostile files an upload must refuse.
public enum TestImages {
    /// A `width`×`height` opaque PNG filled with `rgb` (PNG spec §5, §11.2; RFC 1950/1951
    /// stored blocks for IDAT).
    public static func png(width: Int = 4, height: Int = 4, rgb: (UInt8, UInt8, UInt8) = (0x2e, 0x7d, 0x32)) -> [UInt8] {
        var raw: [UInt8] = []
        for _ in 0..<height {
            raw.append(0)  // filter type None
            for _ in 0..<width { raw += [rgb.0, rgb.1, rgb.2] }
        }
        return pngHeader(width: width, height: height) + chunk("IDAT", zlibStored(raw)) + chunk("IEND", [])
    }

    /// The signature and IHDR of a PNG claiming `width`×`height` (8-bit RGB), with no data:
    /// enough for a check that reads only the header.
    public static func pngHeader(width: Int, height: Int) -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", bigEndian(width, 4) + bigEndian(height, 4) + [8, 2, 0, 0, 0])
    }

    /// A JPEG's SOI, a JFIF APP0 segment and a baseline SOF0 of `width`×`height`, then EOI.
    public static func jpeg(width: Int = 4, height: Int = 4) -> [UInt8] {
        let app0: [UInt8] = [0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        let sof0: [UInt8] = [0xFF, 0xC0, 0x00, 0x11, 8] + bigEndian(height, 2) + bigEndian(width, 2)
            + [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
        return [0xFF, 0xD8] + app0 + sof0 + [0xFF, 0xD9]
    }

    /// An SVG carrying a script: what an upload must never accept, whatever it is called.
    public static let svg: [UInt8] = Array("""
        <?xml version="1.0"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script></svg>
        """.utf8)

    /// A GIF header.
    public static let gif: [UInt8] = Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0]

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian(data.count, 4) + typed + bigEndian(Int(crc32(typed)), 4)
    }

    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let size = min(65_535, data.count - offset)
            let final: UInt8 = offset + size == data.count ? 1 : 0
            out += [final] + [UInt8(size & 0xFF), UInt8(size >> 8), UInt8(~size & 0xFF), UInt8((~size >> 8) & 0xFF)]
            out += data[offset..<(offset + size)]
            offset += size
        } while offset < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        return out + bigEndian(Int(b << 16 | a), 4)
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private static func bigEndian(_ value: Int, _ count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
}
