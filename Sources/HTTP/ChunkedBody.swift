/// The chunk-size line of the chunked transfer coding (RFC 9112 §7.1):
/// `chunk-size [ chunk-ext ] CRLF`, where chunk-size is 1*HEXDIG.
enum ChunkedBody {
    enum SizeLine {
        case incomplete(scanned: Int)
        case invalid(HTTPParseError)
        /// The chunk's size and the length of its size line including CRLF.
        case size(Int, lineLength: Int)
    }

    static func scanSizeLine(_ bytes: UnsafeRawBufferPointer, scanned: Int, limits: HTTPParserLimits,
                             received: Int) -> SizeLine {
        var index = scanned
        while index < bytes.count {
            let byte = bytes[index]
            // Checked from the byte after the CR, which may arrive in a later read.
            if index > 0, bytes[index - 1] == ASCII.cr, byte != ASCII.lf {
                return .invalid(.badRequest("bare CR in chunk size line"))
            }
            if byte == ASCII.lf {
                guard index > 0, bytes[index - 1] == ASCII.cr else { return .invalid(.badRequest("bare LF in chunk size line")) }
                return parse(UnsafeRawBufferPointer(rebasing: bytes[..<(index - 1)]), lineLength: index + 1,
                             limits: limits, received: received)
            }
            index += 1
            if index > limits.maxChunkLineBytes { return .invalid(.badRequest("chunk size line too long")) }
        }
        return .incomplete(scanned: index)
    }

    private static func parse(_ line: UnsafeRawBufferPointer, lineLength: Int, limits: HTTPParserLimits,
                              received: Int) -> SizeLine {
        var size = 0
        var digits = 0
        var index = 0
        while index < line.count, let value = hexValue(line[index]) {
            // Reject before overflow: anything past the body limit is refused anyway.
            let (shifted, overflow) = size.multipliedReportingOverflow(by: 16)
            if overflow || shifted > limits.maxBodyBytes { return .invalid(.bodyTooLarge) }
            size = shifted + value
            digits += 1
            index += 1
        }
        guard digits > 0 else { return .invalid(.badRequest("invalid chunk size")) }
        // What follows the size may only be chunk extensions: BWS ";" name [ "=" value ] …
        var rest = index
        while rest < line.count, line[rest] == ASCII.space || line[rest] == ASCII.tab { rest += 1 }
        if rest < line.count {
            guard line[rest] == ASCII.semicolon else { return .invalid(.badRequest("invalid chunk size")) }
            for byte in line[rest...] where !ASCII.isFieldValueCharacter(byte) {
                return .invalid(.badRequest("invalid chunk extension"))
            }
        } else if rest != index {
            return .invalid(.badRequest("invalid chunk size"))
        }
        guard received + size <= limits.maxBodyBytes else { return .invalid(.bodyTooLarge) }
        return .size(size, lineLength: lineLength)
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }
}
