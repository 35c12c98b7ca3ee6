import Crypto

/// An uploaded logo that has been checked by its CONTENT: a PNG or a JPEG of sensible size,
/// never anything else — whatever the file was called and whatever type the browser or the
/// script declared. The bytes are re-served from our own origin with the type found here, so
/// a file that is secretly HTML or SVG (which can carry script) must never get in.
///
/// What is read is only what decides the format and the size: the PNG signature and IHDR
/// chunk (PNG spec, 3rd ed., §5.2 and §11.2.1), or the JPEG SOI marker and the first
/// start-of-frame segment (ITU-T T.81 §B.1.1.2 and §B.2.2). The pixels are not decoded.
public struct LogoImage: Sendable, Equatable {
    /// The formats accepted.
    public enum Format: String, Sendable, Equatable, CaseIterable {
        case png = "image/png"
        case jpeg = "image/jpeg"

        /// The media type the logo is served with.
        public var contentType: String { rawValue }
    }

    /// 512 KiB: plenty for a header logo, little enough to keep in a row and in memory.
    public static let maximumBytes = 512 * 1024
    /// The largest width and height accepted, in pixels.
    public static let maximumDimension = 2048
    /// The field name problems carry.
    public static let field = "logo"

    /// The file's bytes, unchanged.
    public let bytes: [UInt8]
    /// What the content is.
    public let format: Format
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Hex SHA-256 of `bytes`: the logo's ETag and cache-busting version.
    public let sha256: String

    /// Checks `bytes`.
    /// - Throws: `TenancyError.invalid` on the field `logo`, saying what was found and what is
    ///   accepted: too large, SVG, GIF, an unknown format, a truncated or implausible header,
    ///   or dimensions over the limit.
    public init(bytes: [UInt8]) throws(TenancyError) {
        if bytes.isEmpty { throw Self.problem("is empty: upload a PNG or JPEG image") }
        if bytes.count > Self.maximumBytes {
            throw Self.problem("must be at most \(Self.maximumBytes / 1024) KiB (this file is \((bytes.count + 1023) / 1024) KiB)")
        }
        let size: (width: Int, height: Int)
        if bytes.starts(with: Self.pngSignature) {
            format = .png
            size = try Self.pngSize(bytes)
        } else if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            format = .jpeg
            size = try Self.jpegSize(bytes)
        } else {
            throw Self.problem(Self.describeRefused(bytes))
        }
        guard size.width > 0, size.height > 0 else { throw Self.problem("has no width or height: the image header is damaged") }
        guard size.width <= Self.maximumDimension, size.height <= Self.maximumDimension else {
            throw Self.problem("must be at most \(Self.maximumDimension)×\(Self.maximumDimension) pixels "
                               + "(this image is \(size.width)×\(size.height))")
        }
        self.bytes = bytes
        width = size.width
        height = size.height
        sha256 = Hex.encode(SHA256.hash(bytes))
    }

    // PNG spec §5.2: the eight-byte signature; §5.3: a chunk is length, type, data, CRC;
    // §5.6: IHDR comes first; §11.2.1: width and height are 4-byte big-endian, then bit depth
    // and colour type, whose allowed combinations are listed in Table 11.1.
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    private static func pngSize(_ bytes: [UInt8]) throws(TenancyError) -> (width: Int, height: Int) {
        guard bytes.count >= 8 + 8 + 13 + 4, bigEndian(bytes, at: 8, count: 4) == 13,
              Array(bytes[12..<16]) == Array("IHDR".utf8) else {
            throw problem("is not a complete PNG: its first chunk must be IHDR")
        }
        let depth = bytes[24], colourType = bytes[25]
        let allowed: [UInt8: Set<UInt8>] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
        guard allowed[colourType]?.contains(depth) == true else {
            throw problem("is not a valid PNG: bit depth \(depth) with colour type \(colourType) does not exist")
        }
        return (bigEndian(bytes, at: 16, count: 4), bigEndian(bytes, at: 20, count: 4))
    }

    /// Walks the marker segments after SOI (T.81 §B.1.1.2–B.1.1.4) to the first SOFn, whose
    /// body is precision (1 byte), height (2), width (2) (§B.2.2).
    private static func jpegSize(_ bytes: [UInt8]) throws(TenancyError) -> (width: Int, height: Int) {
        var index = 2
        while index + 1 < bytes.count {
            guard bytes[index] == 0xFF else { throw problem("is not a valid JPEG: a marker was expected at byte \(index)") }
            let marker = bytes[index + 1]
            index += 2
            switch marker {
            case 0xFF:
                index -= 1  // fill byte before a marker (§B.1.1.2)
            case 0x01, 0xD0...0xD7:
                continue  // markers without a length
            case 0xD9, 0xDA:
                throw problem("is not a valid JPEG: it has no frame header before its image data")
            default:
                guard index + 2 <= bytes.count else {
                    throw problem("is not a complete JPEG: it ends inside a segment header")
                }
                let length = bigEndian(bytes, at: index, count: 2)
                guard length >= 2, index + length <= bytes.count else {
                    throw problem("is not a complete JPEG: a segment runs past the end of the file")
                }
                // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
                if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                    guard length >= 8 else { throw problem("is not a valid JPEG: its frame header is too short") }
                    return (bigEndian(bytes, at: index + 5, count: 2), bigEndian(bytes, at: index + 3, count: 2))
                }
                index += length
            }
        }
        throw problem("is not a complete JPEG: it ends before its frame header")
    }

    /// Names what a refused file looks like, so the person uploading knows what to do.
    private static func describeRefused(_ bytes: [UInt8]) -> String {
        var start = bytes[...]
        if start.starts(with: [0xEF, 0xBB, 0xBF]) { start = start.dropFirst(3) }  // a UTF-8 byte order mark
        let text = start.prefix(512).drop { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
        let accepted = "upload a PNG or JPEG image"
        if text.first == UInt8(ascii: "<") {
            let head = String(decoding: text.prefix(512), as: UTF8.self).lowercased()
            if head.contains("<svg") || head.contains("svg") {
                return "is an SVG image, which is not accepted because it can contain script: \(accepted)"
            }
            return "is an XML or HTML document, not an image: \(accepted)"
        }
        if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) {
            return "is a GIF image, which is not accepted: \(accepted)"
        }
        if bytes.starts(with: Array("RIFF".utf8)) { return "is a WebP or other RIFF file, which is not accepted: \(accepted)" }
        return "is not a PNG or JPEG image: \(accepted)"
    }

    private static func bigEndian(_ bytes: [UInt8], at offset: Int, count: Int) -> Int {
        bytes[offset..<(offset + count)].reduce(0) { $0 << 8 | Int($1) }
    }

    private static func problem(_ message: String) -> TenancyError {
        .invalid(field, message)
    }
}
