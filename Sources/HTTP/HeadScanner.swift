/// Finds the end of a header (or trailer) section while validating line endings byte by byte,
/// so an oversized, binary or bare-LF head is refused as soon as it is seen rather than after
/// a timeout. Resumable: it carries its position between calls.
enum HeadScanner {
    enum Outcome {
        case incomplete(scanned: Int, lineStart: Int, lines: Int)
        /// The section, including its final empty line, is `length` bytes long.
        case complete(length: Int)
        case invalid(HTTPParseError)
    }

    static func scan(_ bytes: UnsafeRawBufferPointer, scanned: Int, lineStart: Int, lines: Int,
                     limits: HTTPParserLimits, isTrailer: Bool = false) -> Outcome {
        var index = scanned
        var lineStart = lineStart
        var lines = lines
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            // RFC 9112 §2.2: a bare CR is invalid. Checked from the byte after the CR, which may
            // arrive in a later read: a look-ahead would miss a CR that ends a read.
            if index > 0, bytes[index - 1] == ASCII.cr, byte != ASCII.lf {
                return .invalid(.badRequest("bare CR in header section"))
            }
            if byte == ASCII.lf {
                // RFC 9112 §2.2: we do not accept a bare LF as a line terminator.
                guard index > 0, bytes[index - 1] == ASCII.cr else { return .invalid(.badRequest("bare LF in header section")) }
                let lineLength = index - 1 - lineStart
                if lines == 0, !isTrailer, lineLength > limits.maxRequestLineBytes { return .invalid(.requestLineTooLong) }
                if lineLength == 0, lines > 0 || isTrailer { return .complete(length: index + 1) }
                lines += 1
                // The request line is line one; the rest are fields.
                if lines - (isTrailer ? 0 : 1) > limits.maxHeaderCount { return .invalid(.headersTooLarge) }
                lineStart = index + 1
            } else if byte == ASCII.cr {
                // Valid only before LF; checked above when the next byte is seen.
            } else if byte < 0x20 && byte != ASCII.tab || byte == 0x7F {
                return .invalid(.badRequest("control character in header section"))
            }
            index += 1
            if lines == 0, !isTrailer, index - lineStart > limits.maxRequestLineBytes + 2 { return .invalid(.requestLineTooLong) }
            if index > limits.maxHeaderBytes { return .invalid(lines == 0 && !isTrailer ? .requestLineTooLong : .headersTooLarge) }
        }
        return .incomplete(scanned: index, lineStart: lineStart, lines: lines)
    }
}
