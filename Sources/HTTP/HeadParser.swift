/// How the body of a request is delimited (RFC 9112 §6.3).
enum BodyFraming: Equatable {
    case none
    case length(Int)
    case chunked
}

/// A parsed request head: the request without its body, and how to read the body.
struct RequestHead {
    var request: Request
    var framing: BodyFraming
    var expectsContinue: Bool
}

/// The CRLF-terminated lines of a validated header section, up to its empty last line,
/// without allocating.
struct HeadLines: IteratorProtocol {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func next() -> UnsafeRawBufferPointer? {
        var index = position
        while index + 1 < bytes.count {
            if bytes[index] == ASCII.cr, bytes[index + 1] == ASCII.lf {
                if index == position { return nil }
                let line = UnsafeRawBufferPointer(rebasing: bytes[position..<index])
                position = index + 2
                return line
            }
            index += 1
        }
        return nil
    }
}

/// Parses a complete, already line-validated header section into a `RequestHead`.
enum HeadParser {
    static func parse(_ head: UnsafeRawBufferPointer, limits: HTTPParserLimits) -> Result<RequestHead, HTTPParseError> {
        // Lines end in CRLF (the scanner guaranteed it); the section ends with an empty line.
        var lines = HeadLines(head)
        guard let requestLine = lines.next() else { return .failure(.badRequest("empty request line")) }
        let startLine: StartLine
        switch parseRequestLine(requestLine) {
        case .success(let line): startLine = line
        case .failure(let error): return .failure(error)
        }

        var request = Request(method: startLine.method, target: startLine.target, path: startLine.path,
                              query: startLine.query, version: startLine.version)
        request.headers.reserveCapacity(8)
        var framing = FramingFields()
        while let line = lines.next() {
            switch parseField(line) {
            case .failure(let error):
                return .failure(error)
            case .success(let (name, value)):
                if let error = framing.note(name: name, value: value) { return .failure(error) }
                request.headers.add(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
            }
        }
        switch framing.resolve(version: startLine.version, limits: limits) {
        case .failure(let error):
            return .failure(error)
        case .success(let (bodyFraming, expectsContinue)):
            request.keepAlive = framing.keepAlive(version: startLine.version)
            return .success(RequestHead(request: request, framing: bodyFraming, expectsContinue: expectsContinue))
        }
    }

    /// Checks the trailer section of a chunked body: fields only, valid syntax.
    static func validateTrailerFields(_ section: UnsafeRawBufferPointer) -> HTTPParseError? {
        var lines = HeadLines(section)
        while let line = lines.next() {
            if case .failure(let error) = parseField(line) { return error }
        }
        return nil
    }

    private struct StartLine {
        var method: HTTPMethod
        var target: String
        var path: String
        var query: String?
        var version: HTTPVersion
    }

    /// `request-line = method SP request-target SP HTTP-version` (RFC 9112 §3), single spaces.
    private static func parseRequestLine(_ line: UnsafeRawBufferPointer) -> Result<StartLine, HTTPParseError> {
        guard let firstSpace = line.firstIndex(of: ASCII.space), firstSpace > 0 else {
            return .failure(.badRequest("malformed request line"))
        }
        let methodBytes = UnsafeRawBufferPointer(rebasing: line[..<firstSpace])
        guard methodBytes.allSatisfy(ASCII.isTokenCharacter) else { return .failure(.badRequest("invalid method")) }
        let afterMethod = firstSpace + 1
        guard let secondSpace = line[afterMethod...].firstIndex(of: ASCII.space), secondSpace > afterMethod else {
            return .failure(.badRequest("malformed request line"))
        }
        let targetBytes = UnsafeRawBufferPointer(rebasing: line[afterMethod..<secondSpace])
        guard targetBytes.allSatisfy(ASCII.isTargetCharacter) else { return .failure(.badRequest("invalid request target")) }
        let versionBytes = UnsafeRawBufferPointer(rebasing: line[(secondSpace + 1)...])
        let version: HTTPVersion
        switch parseVersion(versionBytes) {
        case .success(let parsed): version = parsed
        case .failure(let error): return .failure(error)
        }
        let method = HTTPMethod(token: methodBytes)
        if case .other(let name) = method, name == "CONNECT" {
            return .failure(.notImplemented("CONNECT is not supported"))
        }
        let target = String(decoding: targetBytes, as: UTF8.self)
        guard let (path, query) = splitTarget(target, method: method) else {
            return .failure(.badRequest("invalid request target"))
        }
        return .success(StartLine(method: method, target: target, path: path, query: query, version: version))
    }

    /// `HTTP-version = "HTTP" "/" DIGIT "." DIGIT` (RFC 9112 §2.3), case-sensitive.
    private static func parseVersion(_ bytes: UnsafeRawBufferPointer) -> Result<HTTPVersion, HTTPParseError> {
        if ASCII.equals(bytes, "HTTP/1.1") { return .success(.http1_1) }
        if ASCII.equals(bytes, "HTTP/1.0") { return .success(.http1_0) }
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        if bytes.count == 8, ASCII.equals(UnsafeRawBufferPointer(rebasing: bytes[..<5]), "HTTP/"),
           isDigit(bytes[5]), bytes[6] == UInt8(ascii: "."), isDigit(bytes[7]) {
            return .failure(.versionNotSupported)
        }
        return .failure(.badRequest("invalid HTTP version"))
    }

    /// Splits origin-form, absolute-form (RFC 9112 §3.2.2) and asterisk-form (OPTIONS only)
    /// targets into path and query; authority-form is CONNECT's, refused earlier. Works on
    /// UTF-8 code units: the target is ASCII, and Character iteration would cost more than the
    /// rest of the parse.
    private static func splitTarget(_ target: String, method: HTTPMethod) -> (String, String?)? {
        let units = target.utf8
        if units.first == UInt8(ascii: "*") {
            return units.count == 1 && method == .options ? ("*", nil) : nil
        }
        var pathStart = units.startIndex
        if units.first != UInt8(ascii: "/") {
            let lower = target.prefix(8).lowercased()
            let schemeLength = lower.hasPrefix("http://") ? 7 : lower.hasPrefix("https://") ? 8 : 0
            guard schemeLength > 0 else { return nil }
            let authorityStart = units.index(units.startIndex, offsetBy: schemeLength)
            guard let slash = units[authorityStart...].firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) else {
                return ("/", nil)
            }
            guard slash > authorityStart else { return nil }
            pathStart = slash
        }
        let rest = units[pathStart...]
        guard let mark = rest.firstIndex(of: UInt8(ascii: "?")) else {
            return (pathStart == units.startIndex ? target : String(Substring(rest)), nil)
        }
        let path = mark == pathStart ? "/" : String(Substring(units[pathStart..<mark]))
        return (path, String(Substring(units[units.index(after: mark)...])))
    }

    /// `field-line = field-name ":" OWS field-value OWS` (RFC 9112 §5).
    private static func parseField(_ line: UnsafeRawBufferPointer) -> Result<(UnsafeRawBufferPointer, UnsafeRawBufferPointer), HTTPParseError> {
        // RFC 9112 §5.2: obs-fold (a line starting with whitespace) is rejected with 400.
        if line[0] == ASCII.space || line[0] == ASCII.tab { return .failure(.badRequest("obsolete line folding")) }
        guard let colon = line.firstIndex(of: ASCII.colon), colon > 0 else {
            return .failure(.badRequest("header field without a name or colon"))
        }
        let name = UnsafeRawBufferPointer(rebasing: line[..<colon])
        // RFC 9112 §5.1: no whitespace between the field name and colon; 400 if there is.
        guard name.allSatisfy(ASCII.isTokenCharacter) else { return .failure(.badRequest("invalid header field name")) }
        let value = ASCII.trimmingWhitespace(UnsafeRawBufferPointer(rebasing: line[(colon + 1)...]))
        guard value.allSatisfy(ASCII.isFieldValueCharacter) else { return .failure(.badRequest("invalid header field value")) }
        return .success((name, value))
    }
}
