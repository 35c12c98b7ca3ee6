import Testing
import HTTP
import HTTPClient

/// Requests and responses through our own HTTP server: methods, headers, bodies.
@Suite struct HTTPClientExchangeTests {
    private static let binaryBody: [UInt8] = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7) }

    @Test(arguments: [OutboundRequest.Method.post, .put, .patch, .delete])
    func sendsTheMethodWithItsHeadersAndABinaryBody(method: OutboundRequest.Method) throws {
        try withTestServer(routes: { $0.addInspectRoute() }) { baseURL in
            let client = try HTTPClient()
            let request = OutboundRequest(
                method: method, url: baseURL + "/inspect",
                headers: ["X-Trace": "order 42", "Content-Type": "application/octet-stream"],
                body: Self.binaryBody)

            let response = try client.send(request)
            #expect(response.status == 200)
            #expect(response.headers["X-Method"] == method.rawValue)
            #expect(response.headers["X-Seen-X-Trace"] == "order 42")
            #expect(response.headers["X-Seen-Content-Type"] == "application/octet-stream")
            #expect(response.headers["X-Seen-Content-Length"] == "4096")
            #expect(response.body == Self.binaryBody)
        }
    }

    @Test func sendsAHeaderWithAnEmptyValue() throws {
        try withTestServer(routes: { $0.addInspectRoute() }) { baseURL in
            let response = try HTTPClient().send(OutboundRequest(url: baseURL + "/inspect", headers: ["X-Trace": ""]))
            #expect(response.headers["X-Seen-X-Trace"] == "")
        }
    }

    @Test func sendsAGetWithoutABody() throws {
        try withTestServer(routes: { $0.addInspectRoute() }) { baseURL in
            let response = try HTTPClient().send(OutboundRequest(url: baseURL + "/inspect?page=2"))
            #expect(response.status == 200)
            #expect(response.headers["X-Method"] == "GET")
            #expect(response.headers["X-Seen-Content-Length"] == "(none)")
            #expect(response.body.isEmpty)
        }
    }

    @Test func roundTripsEveryByteValueInALargeBody() throws {
        let body = [UInt8]((0..<(512 << 10)).map { UInt8(truncatingIfNeeded: $0 ^ ($0 >> 8)) })
        try withTestServer(routes: { $0.post("/echo") { Response(status: .ok, body: $0.body) } }) { baseURL in
            let response = try HTTPClient().send(OutboundRequest(method: .post, url: baseURL + "/echo", body: body))
            #expect(response.body == body)
            #expect(response.headers["Content-Length"] == "\(512 << 10)")
        }
    }

    @Test func sendsAnUnlabelledBodyWithoutInventingAFormContentType() throws {
        try withTestServer(routes: { $0.addInspectRoute() }) { baseURL in
            let request = OutboundRequest(method: .post, url: baseURL + "/inspect", body: [1, 2, 3])
            let response = try HTTPClient().send(request)
            #expect(response.headers["X-Seen-Content-Type"] == "(none)")
        }
    }

    @Test func sendsALargeBodyWithoutWaitingForContinue() throws {
        // libcurl asks `Expect: 100-continue` before bodies over 1 MiB; ours are in memory.
        let body = [UInt8](repeating: 0x5A, count: 3 << 19)
        try withTestServer(adjust: { $0.limits.maxBodyBytes = 4 << 20 }, routes: { $0.addInspectRoute() }) { baseURL in
            let response = try HTTPClient().send(OutboundRequest(method: .put, url: baseURL + "/inspect", body: body))
            #expect(response.headers["X-Seen-Expect"] == "(none)")
            #expect(response.body == body)
        }
    }

    @Test func sendsAnEmptyPostWithAZeroContentLength() throws {
        try withTestServer(routes: { $0.addInspectRoute() }) { baseURL in
            let response = try HTTPClient().send(OutboundRequest(method: .post, url: baseURL + "/inspect"))
            #expect(response.headers["X-Seen-Content-Length"] == "0")
        }
    }

    @Test func sendsTheConfiguredUserAgentUnlessTheRequestHasOne() throws {
        try withTestServer(routes: { $0.addInspectRoute() }) { baseURL in
            let client = try HTTPClient(configuration: .init(userAgent: "Counterpart-Test/1"))
            let configured = try client.send(OutboundRequest(url: baseURL + "/inspect"))
            #expect(configured.headers["X-Seen-User-Agent"] == "Counterpart-Test/1")
            let own = try client.send(OutboundRequest(url: baseURL + "/inspect", headers: ["User-Agent": "Mine"]))
            #expect(own.headers["X-Seen-User-Agent"] == "Mine")
        }
    }

    @Test func keepsRepeatedResponseHeadersInOrderWithCaseInsensitiveLookup() throws {
        let routes: (Router) -> Void = { router in
            router.get("/cookies") { _ in
                var headers = HTTPHeaders()
                headers.add("Set-Cookie", "a=1; Path=/")
                headers.add("X-Between", "x")
                headers.add("Set-Cookie", "b=2; Path=/")
                return Response(status: .ok, headers: headers)
            }
        }
        try withTestServer(routes: routes) { baseURL in
            let response = try HTTPClient().send(OutboundRequest(url: baseURL + "/cookies"))
            #expect(response.headers.values(for: "set-cookie") == ["a=1; Path=/", "b=2; Path=/"])
            #expect(response.headers["x-between"] == "x")
            #expect(response.headers["CONTENT-LENGTH"] == "0")
        }
    }

    @Test func answersHeadWithHeadersButNoBody() throws {
        try withTestServer(routes: { $0.get("/doc") { _ in .text("twelve bytes") } }) { baseURL in
            let response = try HTTPClient().send(OutboundRequest(method: .head, url: baseURL + "/doc"))
            #expect(response.status == 200)
            #expect(response.headers["Content-Length"] == "12")
            #expect(response.body.isEmpty)
        }
    }

    @Test func returnsARedirectUnlessAskedToFollowIt() throws {
        let routes: (Router) -> Void = { router in
            router.addInspectRoute()
            router.get("/old") { _ in Response(status: .found, headers: ["Location": "/inspect"]) }
        }
        try withTestServer(routes: routes) { baseURL in
            let client = try HTTPClient()
            let unfollowed = try client.send(OutboundRequest(url: baseURL + "/old"))
            #expect(unfollowed.status == 302)
            #expect(unfollowed.headers["Location"] == "/inspect")

            let followed = try client.send(OutboundRequest(url: baseURL + "/old", redirects: .follow(limit: 2)))
            #expect(followed.status == 200)
            #expect(followed.effectiveURL == baseURL + "/inspect")
            #expect(followed.headers["Location"] == nil)
        }
    }

    @Test func refusesToFollowARedirectToAFileURL() throws {
        let routes: (Router) -> Void = { router in
            router.get("/to-file") { _ in Response(status: .found, headers: ["Location": "file:///etc/passwd"]) }
        }
        try withTestServer(routes: routes) { baseURL in
            let error = try #require(throws: HTTPClientError.self) {
                try HTTPClient().send(OutboundRequest(url: baseURL + "/to-file", redirects: .follow(limit: 2)))
            }
            #expect(error.kind == .invalidRequest)
        }
    }
}
