/// The header fields that decide message framing and connection handling, collected while
/// the head is parsed and then checked together (RFC 9112 §6, §9.3; RFC 9110 §7.2, §10.1.1).
struct FramingFields {
    private var contentLength: Int?
    private var contentLengthTooLarge = false
    private var contentLengthCount = 0
    private var transferCodings: [String] = []
    private var hasTransferEncoding = false
    private var hostCount = 0
    private var connectionClose = false
    private var connectionKeepAlive = false
    private var expect: String?

    /// Records one field; returns an error as soon as a single field is invalid on its own.
    mutating func note(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> HTTPParseError? {
        switch name.count {
        case 4 where ASCII.equalsIgnoringCase(name, "host"):
            hostCount += 1
        case 6 where ASCII.equalsIgnoringCase(name, "expect"):
            expect = String(decoding: value, as: UTF8.self).lowercased()
        case 10 where ASCII.equalsIgnoringCase(name, "connection"):
            for option in String(decoding: value, as: UTF8.self).lowercased().split(separator: ",") {
                let option = option.trimmingCharacters(in: " \t")
                if option == "close" { connectionClose = true }
                if option == "keep-alive" { connectionKeepAlive = true }
            }
        case 14 where ASCII.equalsIgnoringCase(name, "content-length"):
            contentLengthCount += 1
            // RFC 9112 §6.3: Content-Length = 1*DIGIT. Lists ("5, 5") and repeats are refused
            // outright instead of being reconciled: a proxy might have reconciled differently.
            guard contentLengthCount == 1 else { return .badRequest("duplicate Content-Length") }
            guard !value.isEmpty, value.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                return .badRequest("invalid Content-Length")
            }
            var length = 0
            for digit in value {
                let (shifted, overflowA) = length.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = shifted.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
                if overflowA || overflowB { contentLengthTooLarge = true; break }
                length = sum
            }
            contentLength = length
        case 17 where ASCII.equalsIgnoringCase(name, "transfer-encoding"):
            hasTransferEncoding = true
            for coding in String(decoding: value, as: UTF8.self).lowercased().split(separator: ",", omittingEmptySubsequences: false) {
                transferCodings.append(coding.trimmingCharacters(in: " \t"))
            }
        default:
            break
        }
        return nil
    }

    /// Decides the body framing once every field is known.
    func resolve(version: HTTPVersion, limits: HTTPParserLimits) -> Result<(BodyFraming, Bool), HTTPParseError> {
        // RFC 9112 §3.2: a client MUST send exactly one Host in HTTP/1.1; 400 otherwise.
        if hostCount > 1 { return .failure(.badRequest("more than one Host header")) }
        if version == .http1_1, hostCount == 0 { return .failure(.badRequest("missing Host header")) }

        var framing = BodyFraming.none
        if hasTransferEncoding {
            // RFC 9112 §6.1: both present is a smuggling attempt or a broken client; refuse.
            if contentLengthCount > 0 { return .failure(.badRequest("both Content-Length and Transfer-Encoding")) }
            // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 means the framing is faulty.
            if version == .http1_0 { return .failure(.badRequest("Transfer-Encoding in an HTTP/1.0 request")) }
            // RFC 9112 §6.3 (4): chunked must be the final coding, and applied only once.
            guard transferCodings.last == "chunked" else { return .failure(.badRequest("chunked is not the final transfer coding")) }
            guard transferCodings.filter({ $0 == "chunked" }).count == 1 else {
                return .failure(.badRequest("chunked applied more than once"))
            }
            if transferCodings.count > 1 { return .failure(.notImplemented("only the chunked transfer coding is supported")) }
            framing = .chunked
        } else if let contentLength {
            if contentLengthTooLarge || contentLength > limits.maxBodyBytes { return .failure(.bodyTooLarge) }
            framing = .length(contentLength)
        }

        var expectsContinue = false
        if let expect {
            // RFC 9110 §10.1.1: 100-continue is the only expectation defined; an HTTP/1.0
            // request's expectation is ignored.
            guard expect == "100-continue" else {
                return version == .http1_0 ? .success((framing, false)) : .failure(.expectationFailed)
            }
            expectsContinue = version == .http1_1 && framing != .none && framing != .length(0)
        }
        return .success((framing, expectsContinue))
    }

    /// Persistence (RFC 9112 §9.3): HTTP/1.1 stays open unless `close`; HTTP/1.0 closes
    /// unless `keep-alive`.
    func keepAlive(version: HTTPVersion) -> Bool {
        if connectionClose { return false }
        return version == .http1_1 || connectionKeepAlive
    }
}

extension Substring {
    func trimmingCharacters(in characters: String) -> String {
        var slice = self[...]
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
