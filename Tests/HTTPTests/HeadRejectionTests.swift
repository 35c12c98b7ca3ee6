import HTTP
import Testing

/// Request lines and header sections the parser must refuse, with the status RFC 9112 and
/// RFC 9110 ask for.
@Suite struct HeadRejectionTests {
    private static func get(_ fields: String) -> String {
        "GET / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n"
    }

    @Test func rejectsObsoleteLineFolding() {
        // RFC 9112 §5.2: a server MUST reject obs-fold outside message/http with 400.
        #expect(ParserDriver.failure(of: Self.get("X-Long: first\r\n second\r\n"))?.status == .badRequest)
        #expect(ParserDriver.failure(of: Self.get("X-Long: first\r\n\tsecond\r\n"))?.status == .badRequest)
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nHost: a\rX-Bad: 1\r\n\r\n",   // bare CR inside a field line
        "GET / HTTP/1.1\r\nHost: a\r\nX-Bad: a\rb\r\n\r\n",
        "GET /\r HTTP/1.1\r\nHost: a\r\n\r\n",           // bare CR in the request line
        "GET / HTTP/1.1\r\nHost: a\r\n\r\r\n",           // bare CR where the section ends
        "GET / HTTP/1.1\nHost: a\r\n\r\n",               // bare LF ends the request line
        "GET / HTTP/1.1\r\nHost: a\n\r\n",               // bare LF ends a field line
        "GET / HTTP/1.1\r\nHost: a\r\n\n",               // bare LF ends the section
        "a\r\n\r* H",                                     // found by the fuzzer: missed when split after the CR
    ])
    func rejectsBareCarriageReturnAndLineFeed(text: String) {
        // RFC 9112 §2.2: a bare CR MUST be rejected; we also refuse bare LF as a terminator.
        #expect(ParserDriver.failure(of: text)?.status == .badRequest)
    }

    @Test func rejectsNulInFieldValueAndName() {
        let value = Array("GET / HTTP/1.1\r\nHost: a\r\nX-Value: ab".utf8) + [0] + Array("cd\r\n\r\n".utf8)
        #expect(ParserDriver.failure(of: value)?.status == .badRequest)
        let name = Array("GET / HTTP/1.1\r\nHost: a\r\nX-Na".utf8) + [0] + Array("me: v\r\n\r\n".utf8)
        #expect(ParserDriver.failure(of: name)?.status == .badRequest)
    }

    @Test(arguments: [
        "Content-Length : 5\r\n",  // RFC 9112 §5.1: no whitespace between name and colon
        "Host\t: b\r\n",
        ": no-name\r\n",
        "No-Colon\r\n",
        "X(Bad): 1\r\n",           // not a token
        "X-Del: a\u{7F}b\r\n",     // DEL in a value
    ])
    func rejectsMalformedFieldLines(fields: String) {
        #expect(ParserDriver.failure(of: Self.get(fields))?.status == .badRequest)
    }

    @Test func requiresExactlyOneHostInHTTP11() {
        // RFC 9112 §3.2: 400 for a request lacking Host or with more than one.
        #expect(ParserDriver.failure(of: "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n")?.status == .badRequest)
        #expect(ParserDriver.failure(of: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")?.status == .badRequest)
        #expect(ParserDriver.failure(of: "GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n")?.status == .badRequest)
    }

    @Test func rejectsRequestLineOverTheLimitAsURITooLong() {
        var limits = HTTPParserLimits()
        limits.maxRequestLineBytes = 64
        let long = "GET /" + String(repeating: "a", count: 100) + " HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(ParserDriver.failure(of: long, limits: limits)?.status == .uriTooLong)
        // Refused as soon as the limit is passed, without waiting for the line to end.
        let unterminated = "GET /" + String(repeating: "a", count: 100)
        #expect(ParserDriver.failure(of: unterminated, limits: limits)?.status == .uriTooLong)
        // A line exactly at the limit is still fine.
        let fits = "GET /" + String(repeating: "a", count: 64 - 14) + " HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(ParserDriver.requests(in: fits, limits: limits).count == 1)
    }

    @Test func rejectsHugeRequestLineWithDefaultLimits() {
        let long = "GET /" + String(repeating: "x", count: 20_000) + " HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(ParserDriver.failure(of: long)?.status == .uriTooLong)
    }

    @Test func rejectsHeaderSectionOverTheLimit() {
        let fields = (0..<40).map { "X-Field-\($0): " + String(repeating: "v", count: 500) + "\r\n" }.joined()
        #expect(ParserDriver.failure(of: Self.get(fields))?.status == .requestHeaderFieldsTooLarge)
        // Refused before the section ends.
        let unterminated = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "v", count: 20_000)
        #expect(ParserDriver.failure(of: unterminated)?.status == .requestHeaderFieldsTooLarge)
    }

    @Test func rejectsTooManyFields() {
        var limits = HTTPParserLimits()
        limits.maxHeaderCount = 10
        let atLimit = (0..<9).map { "X-\($0): 1\r\n" }.joined()
        #expect(ParserDriver.requests(in: Self.get(atLimit), limits: limits).count == 1)
        let overLimit = (0..<10).map { "X-\($0): 1\r\n" }.joined()
        #expect(ParserDriver.failure(of: Self.get(overLimit), limits: limits)?.status == .requestHeaderFieldsTooLarge)
        let defaults = (0..<101).map { "X-\($0): 1\r\n" }.joined()
        #expect(ParserDriver.failure(of: Self.get(defaults))?.status == .requestHeaderFieldsTooLarge)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/1.2", "HTTP/3.0", "HTTP/0.9"])
    func answersOtherHTTPVersionsWithVersionNotSupported(version: String) {
        #expect(ParserDriver.failure(of: "GET / \(version)\r\nHost: a\r\n\r\n")?.status == .httpVersionNotSupported)
    }

    @Test(arguments: ["HTTP/1.1x", "http/1.1", "HTTP/11", "HTTP/1.", "HTTX/1.1", "HTTP/a.b", "", "HTTP/1.1 extra"])
    func rejectsGarbageVersion(version: String) {
        #expect(ParserDriver.failure(of: "GET / \(version)\r\nHost: a\r\n\r\n")?.status == .badRequest)
    }

    @Test(arguments: [
        "GET  / HTTP/1.1",        // two spaces
        " GET / HTTP/1.1",        // leading space
        "GET /",                  // no version
        "G(T / HTTP/1.1",         // method not a token
        "GET /a b HTTP/1.1",      // space in the target
        "GET a/b HTTP/1.1",       // neither origin nor absolute form
        "GET ftp://x/ HTTP/1.1",  // absolute form of another scheme
        "GET /caf\u{E9} HTTP/1.1",  // raw non-ASCII in the target
    ])
    func rejectsMalformedRequestLines(line: String) {
        #expect(ParserDriver.failure(of: "\(line)\r\nHost: a\r\n\r\n")?.status == .badRequest)
    }

    @Test func answersConnectWithNotImplemented() {
        #expect(ParserDriver.failure(of: "CONNECT shop.example:443 HTTP/1.1\r\nHost: shop.example:443\r\n\r\n")?.status == .notImplemented)
    }

    @Test func rejectsUnknownExpectation() {
        // RFC 9110 §10.1.1: 417 for an expectation the server cannot meet.
        #expect(ParserDriver.failure(of: Self.get("Expect: something-else\r\n"))?.status == .expectationFailed)
    }

    @Test func ignoresExpectationInHTTP10() {
        #expect(ParserDriver.requests(in: "GET / HTTP/1.0\r\nExpect: something-else\r\n\r\n").count == 1)
    }
}
