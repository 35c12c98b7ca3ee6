import HTTP
import Testing

/// Body framing the parser must refuse (RFC 9112 §6): every one of these is a way two parsers
/// could disagree about where a request ends, which is how request smuggling works.
@Suite struct FramingRejectionTests {
    private static func post(_ fields: String, body: String = "") -> String {
        "POST /orders HTTP/1.1\r\nHost: a\r\n\(fields)\r\n\(body)"
    }

    private static var smallBodyLimit: HTTPParserLimits {
        var limits = HTTPParserLimits()
        limits.maxBodyBytes = 16
        return limits
    }

    @Test func rejectsBothContentLengthAndTransferEncoding() {
        let failure = ParserDriver.failure(of: Self.post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", body: "0\r\n\r\n"))
        #expect(failure?.status == .badRequest)
        let reversed = ParserDriver.failure(of: Self.post("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", body: "0\r\n\r\n"))
        #expect(reversed?.status == .badRequest)
    }

    @Test(arguments: [
        "Content-Length: 5\r\nContent-Length: 5\r\n",  // duplicate, same value
        "Content-Length: 5\r\nContent-Length: 6\r\n",  // conflicting
        "content-length: 5\r\nCONTENT-LENGTH: 5\r\n",  // names compare case-insensitively
        "Content-Length: 5, 5\r\n",                    // a list, even of equal values
        "Content-Length: -1\r\n",
        "Content-Length: +5\r\n",
        "Content-Length: 0x5\r\n",
        "Content-Length: 5 5\r\n",
        "Content-Length: 5.0\r\n",
        "Content-Length:\r\n",
    ])
    func rejectsMalformedOrRepeatedContentLength(fields: String) {
        #expect(ParserDriver.failure(of: Self.post(fields, body: "hello"))?.status == .badRequest)
    }

    @Test func acceptsContentLengthWithSurroundingWhitespace() throws {
        let request = try #require(ParserDriver.requests(in: Self.post("Content-Length:  5 \r\n", body: "hello")).first)
        #expect(request.body == Array("hello".utf8))
    }

    @Test func rejectsContentLengthThatOverflowsAsTooLarge() {
        #expect(ParserDriver.failure(of: Self.post("Content-Length: 99999999999999999999999\r\n"))?.status == .contentTooLarge)
    }

    @Test func rejectsContentLengthOverTheBodyLimitBeforeReadingTheBody() {
        // The head alone is enough to refuse: no body byte has been sent.
        #expect(ParserDriver.failure(of: Self.post("Content-Length: 17\r\n"), limits: Self.smallBodyLimit)?.status == .contentTooLarge)
    }

    @Test(arguments: [
        ("zz\r\n", HTTPStatus.badRequest),                       // not hex
        ("\r\n", .badRequest),                                   // empty size
        ("-1\r\n", .badRequest),                                 // sign
        ("+1\r\nx\r\n0\r\n\r\n", .badRequest),                   // sign
        ("0x5\r\nhello\r\n0\r\n\r\n", .badRequest),              // C-style prefix
        ("5 \r\nhello\r\n0\r\n\r\n", .badRequest),               // whitespace without an extension
        ("5;\u{1}\r\nhello\r\n0\r\n\r\n", .badRequest),          // control character in an extension
        ("5\nhello\r\n0\r\n\r\n", .badRequest),                  // bare LF ends the size line
        ("5\rhello\r\n0\r\n\r\n", .badRequest),                  // bare CR in the size line
        ("5\r\nhelloX\r\n0\r\n\r\n", .badRequest),               // data not followed by CRLF
        ("5\r\nhello\n0\r\n\r\n", .badRequest),                  // data followed by a bare LF
        ("5\r\nhello\r\n0\r\nbad trailer\r\n\r\n", .badRequest), // trailer without a colon
        ("ffffffffffffffffffffffff\r\n", .contentTooLarge),      // overflows Int
        ("11\r\n", .contentTooLarge),                            // 17 bytes, one past the limit
        ("9\r\n123456789\r\n9\r\n", .contentTooLarge),           // the sum of chunks passes the limit
    ])
    func rejectsMalformedChunks(chunks: String, status: HTTPStatus) {
        let text = Self.post("Transfer-Encoding: chunked\r\n", body: chunks)
        #expect(ParserDriver.failure(of: text, limits: Self.smallBodyLimit)?.status == status)
    }

    @Test func rejectsChunkSizeLineLongerThanTheLimit() {
        let extensions = ";" + String(repeating: "e", count: 2_000)
        let text = Self.post("Transfer-Encoding: chunked\r\n", body: "1\(extensions)\r\nx\r\n0\r\n\r\n")
        #expect(ParserDriver.failure(of: text)?.status == .badRequest)
    }

    @Test func rejectsUnsupportedCodingBeforeChunkedAsNotImplemented() {
        // RFC 9112 §6.1: a coding we do not implement gets 501.
        #expect(ParserDriver.failure(of: Self.post("Transfer-Encoding: gzip, chunked\r\n", body: "0\r\n\r\n"))?.status == .notImplemented)
        #expect(ParserDriver.failure(of: Self.post("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", body: "0\r\n\r\n"))?.status
            == .notImplemented)
    }

    @Test(arguments: [
        "Transfer-Encoding: chunked, gzip\r\n",     // chunked is not final: length unknowable (§6.3)
        "Transfer-Encoding: identity\r\n",          // removed from the registry; not final chunked
        "Transfer-Encoding: chunked, chunked\r\n",  // chunked applied twice (§7)
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding:\r\n",
        "Transfer-Encoding: chunked,\r\n",
    ])
    func rejectsTransferEncodingThatDoesNotEndInOneChunked(fields: String) {
        #expect(ParserDriver.failure(of: Self.post(fields, body: "0\r\n\r\n"))?.status == .badRequest)
    }

    @Test func rejectsTransferEncodingInHTTP10() {
        // RFC 9112 §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing.
        let text = "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        #expect(ParserDriver.failure(of: text)?.status == .badRequest)
    }

    @Test func staysFailedAfterAnError() {
        var driver = ParserDriver()
        driver.feed(Array(Self.post("Content-Length: +5\r\n").utf8))
        var parser = driver.parser
        let (consumed, result) = Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8).withUnsafeBytes { parser.parse($0) }
        #expect(consumed == 0)
        guard case .failed(let error) = result else { Issue.record("parser recovered: \(result)"); return }
        #expect(error.status == .badRequest)
    }
}
