/// The parts of a `multipart/form-data` body (RFC 7578), as an HTML form with a file input
/// sends it (`enctype="multipart/form-data"`).
///
/// The framing is RFC 2046 §5.1.1's: an optional preamble, then `--boundary`, then parts each
/// introduced by CRLF `--boundary`, and finally `--boundary--` and an ignored epilogue. Each
/// part has its own header section (RFC 5322 style fields, ended by an empty line) and a body
/// that runs up to the next delimiter — the boundary is chosen so it never occurs inside.
///
/// Strict where guessing would be dangerous or a browser never sends otherwise: CRLF line ends
/// only (no bare LF), no folded header lines, one `Content-Disposition: form-data` with a
/// `name` per part (RFC 7578 §4.2), a delimiter followed by nothing but optional padding and a
/// line end, and a close delimiter before the body ends. Limits on the number of parts and on
/// each part's header size bound the work a hostile body can cause; the body's overall size is
/// the server's `HTTPParserLimits.maxBodyBytes`.
public struct MultipartFormData: Sendable, Equatable {
    /// One part: a form field or a file.
    public struct Part: Sendable, Equatable {
        /// The form field's name (`Content-Disposition`'s `name`).
        public var name: String
        /// The file name the client suggested, for a file input; nil for a plain field. Only a
        /// hint for display: never a path to write to, never a reason to trust the content.
        public var filename: String?
        /// The part's `Content-Type` as sent, if any (RFC 7578 §4.4: default `text/plain`).
        /// What the client declares; a file's real type must be found from its bytes.
        public var contentType: String?
        /// Every header field of the part.
        public var headers: HTTPHeaders
        /// The part's content, unchanged.
        public var body: [UInt8]

        /// The body as UTF-8 text (RFC 7578 §5.1.2: form fields are UTF-8); nil if it is not.
        public var text: String? { String(validating: body, as: UTF8.self) }

        public static func == (lhs: Part, rhs: Part) -> Bool {
            lhs.name == rhs.name && lhs.filename == rhs.filename && lhs.contentType == rhs.contentType && lhs.body == rhs.body
        }
    }

    /// Bounds on what one body may make the parser do.
    public struct Limits: Sendable, Equatable {
        /// The most parts accepted.
        public var maximumParts: Int
        /// The most bytes in one part's header section.
        public var maximumPartHeaderBytes: Int

        /// Limits; the defaults are far beyond any portal form.
        public init(maximumParts: Int = 64, maximumPartHeaderBytes: Int = 8 * 1024) {
            self.maximumParts = maximumParts
            self.maximumPartHeaderBytes = maximumPartHeaderBytes
        }
    }

    /// The media type this body has, without parameters.
    public static let mediaType = "multipart/form-data"

    /// The parts in the order they were sent.
    public let parts: [Part]

    /// The first part called `name`.
    public subscript(name: String) -> Part? { parts.first { $0.name == name } }

    /// Every part called `name`, in order.
    public func parts(named name: String) -> [Part] { parts.filter { $0.name == name } }

    /// The boundary of a `multipart/form-data` `Content-Type` value.
    /// - Throws: `.notMultipart` for another media type; `.invalidBoundary` when the parameter
    ///   is missing, empty, longer than 70 characters, uses a character outside RFC 2046's
    ///   `bchars`, or ends in a space.
    public static func boundary(contentType: String?) throws(MultipartFormDataError) -> String {
        guard let contentType, let parsed = HeaderParameters(contentType) else {
            // A value that does not even parse cannot be told apart from another type.
            if let contentType, contentType.lowercased().hasPrefix(mediaType) { throw .invalidBoundary }
            throw .notMultipart
        }
        guard parsed.value == mediaType else { throw .notMultipart }
        guard let boundary = parsed["boundary"], (1...70).contains(boundary.utf8.count),
              boundary.utf8.allSatisfy(isBoundaryCharacter), boundary.utf8.last != ASCII.space else {
            throw .invalidBoundary
        }
        return boundary
    }

    /// Parses `body`, framed by `boundary`.
    public init(body: [UInt8], boundary: String, limits: Limits = Limits()) throws(MultipartFormDataError) {
        let delimiter = Array("--\(boundary)".utf8)
        let lineDelimiter = [ASCII.cr, ASCII.lf] + delimiter
        // The first delimiter may open the body or end the preamble's last line.
        var position: Int
        if body.starts(with: delimiter) {
            position = delimiter.count
        } else if let found = Self.find(lineDelimiter, in: body, from: 0) {
            position = found + lineDelimiter.count
        } else {
            throw .missingOpeningDelimiter
        }
        var parts: [Part] = []
        while true {
            if body[position...].starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")]) {
                // The grammar needs at least one part before the close delimiter.
                guard !parts.isEmpty else { throw .malformedDelimiter }
                break
            }
            // transport-padding (LWSP), then CRLF.
            while position < body.count, body[position] == ASCII.space || body[position] == ASCII.tab { position += 1 }
            guard body[position...].starts(with: [ASCII.cr, ASCII.lf]) else {
                throw position >= body.count ? .missingCloseDelimiter : .malformedDelimiter
            }
            position += 2
            guard parts.count < limits.maximumParts else { throw .tooManyParts(limit: limits.maximumParts) }
            let (headers, contentStart) = try Self.readHeaders(body, from: position, limit: limits.maximumPartHeaderBytes)
            guard let end = Self.find(lineDelimiter, in: body, from: contentStart) else { throw .missingCloseDelimiter }
            parts.append(try Self.part(headers: headers, body: Array(body[contentStart..<end])))
            position = end + lineDelimiter.count
        }
        self.parts = parts
    }

    /// A body with these parts (tests, or one built by hand).
    public init(parts: [Part]) {
        self.parts = parts
    }

    /// The header section starting at `start`, and where the content begins.
    private static func readHeaders(_ body: [UInt8], from start: Int,
                                    limit: Int) throws(MultipartFormDataError) -> (HTTPHeaders, Int) {
        var headers = HTTPHeaders()
        var lineStart = start
        while true {
            guard let lineEnd = find([ASCII.cr, ASCII.lf], in: body, from: lineStart, within: start + limit + 2) else {
                throw body.count - start > limit ? .partHeadersTooLarge(limit: limit) : .malformedPartHeaders
            }
            if lineEnd == lineStart { return (headers, lineEnd + 2) }  // the empty line ends the section
            let line = body[lineStart..<lineEnd]
            // RFC 5322 §3.2.2 folding is obsolete (RFC 7578 §4.8 lists no use for it); bare CR
            // or LF inside a line would let two parsers split the fields differently.
            guard let colon = line.firstIndex(of: ASCII.colon), colon > lineStart,
                  line[lineStart..<colon].allSatisfy(ASCII.isTokenCharacter),
                  line[(colon + 1)...].allSatisfy(ASCII.isFieldValueCharacter),
                  let name = String(validating: line[lineStart..<colon], as: UTF8.self),
                  let value = String(validating: line[(colon + 1)...], as: UTF8.self) else {
                throw .malformedPartHeaders
            }
            headers.add(name, String(Substring(value).trimmingOptionalWhitespace))
            lineStart = lineEnd + 2
        }
    }

    /// RFC 7578 §4.2: each part has `Content-Disposition: form-data; name="…"`, and once only.
    private static func part(headers: HTTPHeaders, body: [UInt8]) throws(MultipartFormDataError) -> Part {
        let dispositions = headers.values(for: "Content-Disposition")
        guard dispositions.count == 1, let disposition = HeaderParameters(dispositions[0]),
              disposition.value == "form-data", let name = disposition["name"] else {
            throw .missingFormDataName
        }
        guard headers.values(for: "Content-Type").count <= 1 else { throw .malformedPartHeaders }
        return Part(name: name, filename: disposition["filename"], contentType: headers["Content-Type"], headers: headers,
                    body: body)
    }

    /// The first index of `needle` in `haystack` at or after `start` (and, with `within`, ending
    /// no later than that index). The needle is at most 74 bytes, so a plain scan is enough.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int, within bound: Int? = nil) -> Int? {
        let last = min(haystack.count, bound ?? haystack.count) - needle.count
        guard let first = needle.first, start <= last else { return nil }
        var index = start
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// `bchars` of RFC 2046 §5.1.1: digits, letters and `'()+_,-./:=? ` (space).
    static func isBoundaryCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default:
            Array("'()+_,-./:=? ".utf8).contains(byte)
        }
    }
}

extension Request {
    /// The body decoded as `multipart/form-data`.
    /// - Throws: `HTTPError(.unsupportedMediaType)` when the body is not multipart form data,
    ///   `HTTPError(.badRequest)` naming what is malformed otherwise.
    public func multipartFormData(limits: MultipartFormData.Limits = MultipartFormData.Limits()) throws(HTTPError)
        -> MultipartFormData {
        do {
            let boundary = try MultipartFormData.boundary(contentType: headers["Content-Type"])
            return try MultipartFormData(body: body, boundary: boundary, limits: limits)
        } catch {
            throw error.httpError
        }
    }
}
