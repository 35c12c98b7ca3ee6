import HTTP
import Testing

/// Requests the parser must accept, each delivered whole, byte by byte and in random splits.
@Suite struct RequestParserTests {
    @Test func parsesGetWithQueryAndHeaders() throws {
        let requests = ParserDriver.requests(in: "GET /customers/42?expand=orders&x=1 HTTP/1.1\r\nHost: shop.example\r\nAccept:  text/html \r\nX-Empty:\r\n\r\n")
        let request = try #require(requests.first)
        #expect(requests.count == 1)
        #expect(request.method == .get)
        #expect(request.target == "/customers/42?expand=orders&x=1")
        #expect(request.path == "/customers/42")
        #expect(request.query == "expand=orders&x=1")
        #expect(request.version == .http1_1)
        #expect(request.keepAlive)
        #expect(request.body.isEmpty)
        // RFC 9110 §5.5: leading and trailing whitespace is not part of the value.
        #expect(request.headers.map { "\($0.name)=\($0.value)" } == ["Host=shop.example", "Accept=text/html", "X-Empty="])
    }

    @Test func readsBodyOfContentLength() throws {
        let requests = ParserDriver.requests(in: "POST /orders HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world")
        let request = try #require(requests.first)
        #expect(request.method == .post)
        #expect(request.body == Array("hello world".utf8))
    }

    @Test func treatsContentLengthZeroAsNoBody() throws {
        let events = ParserDriver.parseInEverySplit("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")
        #expect(events.count == 1)
        guard case .request(let request) = events.first else { Issue.record("no request: \(events)"); return }
        #expect(request.body.isEmpty)
    }

    @Test func decodesChunkedBodyWithExtensionsAndDiscardsTrailers() throws {
        let text = "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n"
            + "6 ; note=\"quoted text\"\r\n world\r\n"
            + "A\r\n0123456789\r\n"
            + "0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n"
        let request = try #require(ParserDriver.requests(in: text).first)
        #expect(request.body == Array("hello world0123456789".utf8))
        // RFC 9110 §6.5.1: trailer fields are not merged into the header section.
        #expect(!request.headers.contains { $0.name == "X-Checksum" })
    }

    @Test func acceptsTransferEncodingChunkedInAnyCase() throws {
        let request = try #require(ParserDriver.requests(in: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n").first)
        #expect(request.body == Array("abc".utf8))
    }

    @Test func parsesPipelinedRequestsInOrder() {
        let text = "GET /first HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /second HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
            + "PUT /third HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\n"
            + "DELETE /fourth HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
        let requests = ParserDriver.requests(in: text)
        #expect(requests.map(\.path) == ["/first", "/second", "/third", "/fourth"])
        #expect(requests.map(\.method) == [.get, .post, .put, .delete])
        #expect(requests.map(\.body) == [[], Array("abc".utf8), Array("xy".utf8), []])
        #expect(requests.map(\.keepAlive) == [true, true, true, false])
    }

    @Test func keepsPartialNextRequestBuffered() {
        var driver = ParserDriver()
        let events = driver.feed(Array("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HT".utf8))
        #expect(events.count == 1)
        #expect(!driver.parser.isIdle)
        #expect(driver.feed(Array("TP/1.1\r\nHost: a\r\n\r\n".utf8)).count == 1)
        #expect(driver.parser.isIdle)
        #expect(driver.unconsumed.isEmpty)
    }

    @Test(arguments: [
        // RFC 9112 §9.3: HTTP/1.0 closes unless the client asks for keep-alive …
        ("GET / HTTP/1.0\r\n\r\n", false),
        ("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true),
        ("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true),
        ("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", false),
        // … and HTTP/1.1 stays open unless it says close.
        ("GET / HTTP/1.1\r\nHost: a\r\n\r\n", true),
        ("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false),
        ("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade, CLOSE\r\n\r\n", false),
    ])
    func decidesPersistenceByVersionAndConnectionHeader(text: String, keepAlive: Bool) throws {
        let request = try #require(ParserDriver.requests(in: text).first)
        #expect(request.keepAlive == keepAlive)
    }

    @Test func acceptsHTTP10WithoutHost() throws {
        let request = try #require(ParserDriver.requests(in: "GET /legacy HTTP/1.0\r\nContent-Length: 2\r\n\r\nok").first)
        #expect(request.version == .http1_0)
        #expect(request.body == Array("ok".utf8))
    }

    @Test func ignoresEmptyLinesBeforeRequestLine() throws {
        // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request line.
        let requests = ParserDriver.requests(in: "\r\n\r\nGET /a HTTP/1.1\r\nHost: a\r\n\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(requests.map(\.path) == ["/a", "/b"])
    }

    @Test(arguments: [
        ("http://shop.example/a/b?q=1", "/a/b", "q=1"),
        ("HTTP://shop.example:8080/a", "/a", nil),
        ("https://shop.example", "/", nil),
        ("http://shop.example?q=2", "/", "q=2"),
    ] as [(String, String, String?)])
    func takesPathAndQueryFromAbsoluteFormTarget(target: String, path: String, query: String?) throws {
        // RFC 9112 §3.2.2: a server MUST accept the absolute form.
        let request = try #require(ParserDriver.requests(in: "GET \(target) HTTP/1.1\r\nHost: shop.example\r\n\r\n").first)
        #expect(request.target == target)
        #expect(request.path == path)
        #expect(request.query == query)
    }

    @Test func acceptsAsteriskFormForOptionsOnly() throws {
        let request = try #require(ParserDriver.requests(in: "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").first)
        #expect(request.path == "*")
        #expect(ParserDriver.failure(of: "GET * HTTP/1.1\r\nHost: a\r\n\r\n")?.status == .badRequest)
    }

    @Test func keepsUnknownMethodForTheRouter() throws {
        let request = try #require(ParserDriver.requests(in: "PROPFIND /dav HTTP/1.1\r\nHost: a\r\n\r\n").first)
        #expect(request.method == .other("PROPFIND"))
    }

    @Test func reportsIdleAndBodyPhases() {
        var driver = ParserDriver()
        #expect(driver.parser.isIdle)
        driver.feed(Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nab".utf8))
        #expect(!driver.parser.isIdle)
        #expect(driver.parser.isReadingBody)
        driver.feed(Array("cd".utf8))
        #expect(driver.parser.isIdle)
        #expect(!driver.parser.isReadingBody)
        #expect(driver.events.count == 1)
    }

    @Test func acceptsBodyExactlyAtTheLimit() throws {
        var limits = HTTPParserLimits()
        limits.maxBodyBytes = 8
        let fixed = ParserDriver.requests(in: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 8\r\n\r\n12345678", limits: limits)
        #expect(fixed.first?.body.count == 8)
        let chunked = ParserDriver.requests(in: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n12345\r\n3\r\n678\r\n0\r\n\r\n",
                                            limits: limits)
        #expect(chunked.first?.body.count == 8)
    }
}
