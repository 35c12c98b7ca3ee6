import Testing
@testable import HTTPClient

@Suite struct OutboundRequestValidationTests {
    private func rejection(_ request: OutboundRequest) throws -> HTTPClientError {
        try #require(throws: HTTPClientError.self) { try request.validate() }
    }

    @Test func acceptsAPlainRequest() {
        let request = OutboundRequest(
            method: .post, url: "https://shop.example/wp-json/wc/v3/orders?page=2",
            headers: ["Content-Type": "application/json", "X-Empty": ""], body: [1, 2, 3])
        #expect(throws: Never.self) { try request.validate() }
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://h.example/x", "gopher://h.example/", "h.example/path", ""])
    func refusesURLsThatAreNotHTTP(url: String) throws {
        let error = try rejection(OutboundRequest(url: url))
        #expect(error.kind == .invalidRequest)
    }

    @Test func refusesSpacesAndControlCharactersInTheURL() throws {
        #expect(try rejection(OutboundRequest(url: "http://h.example/a b")).kind == .invalidRequest)
        #expect(try rejection(OutboundRequest(url: "http://h.example/a\r\nX-Injected: 1")).kind == .invalidRequest)
    }

    @Test func refusesHeaderValuesThatWouldInjectLines() throws {
        let request = OutboundRequest(url: "http://h.example/", headers: ["X-Order": "42\r\nX-Admin: yes"])
        let error = try rejection(request)
        #expect(error.kind == .invalidRequest)
        #expect(error.detail.contains("X-Order"))
    }

    @Test(arguments: ["", "Bad Name", "Colon:", "Caf\u{E9}"])
    func refusesHeaderNamesThatAreNotTokens(name: String) throws {
        var headers = OutboundHeaders()
        headers.append(name: name, value: "1")
        #expect(try rejection(OutboundRequest(url: "http://h.example/", headers: headers)).kind == .invalidRequest)
    }

    @Test func refusesAMethodThatIsNotAToken() throws {
        let request = OutboundRequest(method: .init(rawValue: "GET /evil HTTP/1.1\r\n"), url: "http://h.example/")
        #expect(try rejection(request).kind == .invalidRequest)
    }

    @Test func refusesAHeadRequestWithABody() throws {
        #expect(try rejection(OutboundRequest(method: .head, url: "http://h.example/", body: [1])).kind == .invalidRequest)
    }

    @Test func refusesTimeoutsThatAreNotPositive() throws {
        #expect(try rejection(OutboundRequest(url: "http://h.example/", totalTimeout: .zero)).kind == .invalidRequest)
        #expect(try rejection(OutboundRequest(url: "http://h.example/", connectTimeout: .seconds(-1))).kind == .invalidRequest)
    }

    @Test func redactsTheURLInItsError() throws {
        let error = try rejection(OutboundRequest(url: "ftp://user:pw@h.example/x?key=secret"))
        #expect(error.url == "ftp://h.example/x?key=…")
    }
}
