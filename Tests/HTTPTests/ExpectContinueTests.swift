import HTTP
import Testing

/// `Expect: 100-continue` (RFC 9110 §10.1.1): the parser tells the server to send the interim
/// response exactly when the client is waiting for it — once, before any body byte arrived.
@Suite struct ExpectContinueTests {
    private static let head = "PUT /files/report HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"

    @Test func signalsContinueOnceWhenTheHeadArrivesAlone() throws {
        var driver = ParserDriver()
        #expect(driver.feed(Array(Self.head.utf8)) == [.continueExpected])
        #expect(driver.parser.isReadingBody)
        // Nothing more arrived: no second signal.
        #expect(driver.feed([UInt8]()) == [])
        #expect(driver.feed(Array("he".utf8)) == [])
        let events = driver.feed(Array("llo".utf8))
        guard case .request(let request) = events.first, events.count == 1 else {
            Issue.record("expected the request, got \(events)")
            return
        }
        #expect(request.body == Array("hello".utf8))
        #expect(request.headers.contains { $0.name == "Expect" })
    }

    @Test func skipsContinueWhenTheBodyCameWithTheHead() {
        var driver = ParserDriver()
        let events = driver.feed(Array((Self.head + "hello").utf8))
        #expect(events.count == 1)
        #expect(events.first != .continueExpected)
    }

    @Test func signalsContinueWhateverTheSplitOfTheHead() {
        for split in 1..<Self.head.utf8.count {
            var driver = ParserDriver()
            let bytes = Array(Self.head.utf8)
            driver.feed(bytes[..<split])
            driver.feed(bytes[split...])
            #expect(driver.events == [.continueExpected], "head split at \(split)")
        }
    }

    @Test func signalsContinueForChunkedBody() {
        var driver = ParserDriver()
        let head = "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nTransfer-Encoding: chunked\r\n\r\n"
        #expect(driver.feed(Array(head.utf8)) == [.continueExpected])
        let events = driver.feed(Array("3\r\nabc\r\n0\r\n\r\n".utf8))
        #expect(events.count == 1)
    }

    @Test func doesNotSignalContinueWithoutABody() {
        // Nothing to wait for: the request is complete with its head.
        var driver = ParserDriver()
        let events = driver.feed(Array("GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n".utf8))
        #expect(events.count == 1)
        #expect(events.first != .continueExpected)
        var empty = ParserDriver()
        let zero = empty.feed(Array("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n".utf8))
        #expect(zero.count == 1)
        #expect(zero.first != .continueExpected)
    }

    @Test func doesNotSignalContinueForHTTP10() {
        // RFC 9110 §10.1.1: a server MUST ignore 100-continue in an HTTP/1.0 request.
        var driver = ParserDriver()
        #expect(driver.feed(Array("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8)) == [])
        #expect(driver.feed(Array("ok".utf8)).count == 1)
    }

    @Test func signalsContinueForEachRequestThatAsks() {
        var driver = ParserDriver()
        #expect(driver.feed(Array(Self.head.utf8)) == [.continueExpected])
        #expect(driver.feed(Array("hello".utf8)).count == 1)
        #expect(driver.feed(Array(Self.head.utf8)) == [.continueExpected])
    }

    @Test func rejectsOverLimitBodyInsteadOfInvitingIt() {
        // A client waiting for 100 must get the final 413 instead (RFC 9110 §10.1.1).
        var limits = HTTPParserLimits()
        limits.maxBodyBytes = 4
        var driver = ParserDriver(limits: limits)
        #expect(driver.feed(Array(Self.head.utf8)) == [.failed(.bodyTooLarge)])
    }
}
