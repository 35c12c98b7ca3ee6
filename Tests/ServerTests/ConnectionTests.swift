import Dispatch
import HTTP
import Testing

extension ServerTests {
    /// Persistence, pipelining and the message forms over a real connection.
    @Suite struct ConnectionTests {
        @Test func servesSeveralRequestsOnOneKeptAliveConnection() throws {
            try withTestServer(.makeForTests()) { server in
                let client = try TestClient(port: server.port)
                for index in 1...5 {
                    try client.send("GET /hello?name=n\(index) HTTP/1.1\r\nHost: a\r\n\r\n")
                    let response = try client.readResponse()
                    #expect(response.status == 200)
                    #expect(response.text == "hello n\(index)")
                    #expect(!response.closesConnection)
                    #expect(response.count(of: "Date") == 1)
                    try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nx\(index)y")
                    #expect(try client.readResponse().text == "x\(index)y")
                }
                #expect(server.connectionCount == 1)
            }
        }

        @Test func answersPipelinedRequestsInOrder() throws {
            try withTestServer(.makeForTests()) { server in
                let client = try TestClient(port: server.port)
                try client.send("GET /hello?name=one HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n"
                    + "GET /ping HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /hello?name=four HTTP/1.1\r\nHost: a\r\n\r\n")
                let bodies = try (0..<4).map { _ in try client.readResponse().text }
                #expect(bodies == ["hello one", "two", "pong", "hello four"])
            }
        }

        @Test func keepsOrderWhenAPoolHandlerIsFollowedByAnEventLoopHandler() throws {
            // The pool handler gives the event-loop handler every chance to overtake it: it
            // waits for the fast one to signal (which a correct server makes impossible) for
            // a while before answering.
            let journal = Journal()
            let fastRan = DispatchSemaphore(value: 0)
            let router = Router.makeForTests()
            router.get("/slow") { _ in
                journal.append("slow started")
                while fastRan.wait(timeout: .now()) == .success {}  // signals of earlier, legitimate runs
                let overtaken = fastRan.wait(timeout: .now() + .milliseconds(300)) == .success
                journal.append(overtaken ? "slow overtaken" : "slow finished")
                return .text("slow")
            }
            router.get("/fast", execution: .eventLoop) { _ in
                journal.append("fast")
                fastRan.signal()
                return .text("fast")
            }
            try withTestServer(router) { server in
                let client = try TestClient(port: server.port)
                let slow = "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n"
                let fast = "GET /fast HTTP/1.1\r\nHost: a\r\n\r\n"
                try client.send(slow + fast + slow + fast)
                let bodies = try (0..<4).map { _ in try client.readResponse().text }
                #expect(bodies == ["slow", "fast", "slow", "fast"])
                #expect(journal.entries == ["slow started", "slow finished", "fast", "slow started", "slow finished", "fast"])
            }
        }

        @Test func closesHTTP10ConnectionAfterTheResponse() throws {
            try withTestServer(.makeForTests()) { server in
                let client = try TestClient(port: server.port)
                try client.send("GET /hello HTTP/1.0\r\n\r\n")
                let response = try client.readResponse()
                // RFC 9110 §6.2: the server answers with the highest minor version it supports.
                #expect(response.statusLine == "HTTP/1.1 200 OK")
                #expect(response.text == "hello world")
                #expect(response.closesConnection)
                #expect(try client.readUntilEndOfStream().isEmpty)
            }
        }

        @Test func keepsHTTP10ConnectionWhenAskedTo() throws {
            try withTestServer(.makeForTests()) { server in
                let client = try TestClient(port: server.port)
                for _ in 1...2 {
                    try client.send("GET /ping HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                    let response = try client.readResponse()
                    #expect(response.text == "pong")
                    #expect(response.headers["connection"]?.lowercased() == "keep-alive")
                }
            }
        }

        @Test func closesHTTP11ConnectionWhenTheClientSaysClose() throws {
            try withTestServer(.makeForTests()) { server in
                let client = try TestClient(port: server.port)
                try client.send("GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.text == "hello world")
                #expect(response.closesConnection)
                // The pipelined request after `close` is not answered (RFC 9112 §9.6).
                #expect(try client.readUntilEndOfStream().isEmpty)
            }
        }

        @Test func answersHeadWithContentLengthAndNoBody() throws {
            try withTestServer(.makeForTests()) { server in
                let client = try TestClient(port: server.port)
                // The GET behind the HEAD proves no body bytes followed the HEAD's head: they
                // would be read as the start of the next response and fail to parse.
                try client.send("HEAD /hello HTTP/1.1\r\nHost: a\r\n\r\nGET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                let head = try client.readResponse(isResponseToHead: true)
                #expect(head.status == 200)
                #expect(head.headers["content-length"] == "11")
                #expect(head.headers["content-type"] == "text/plain; charset=utf-8")
                let next = try client.readResponse()
                #expect(next.statusLine == "HTTP/1.1 200 OK")
                #expect(next.text == "pong")
            }
        }

        @Test func sendsContinueBeforeReadingAnExpectedBody() throws {
            try withTestServer(.makeForTests()) { server in
                let client = try TestClient(port: server.port)
                try client.send("PUT /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 9\r\n\r\n")
                let interim = try client.readResponse()
                #expect(interim.statusLine == "HTTP/1.1 100 Continue")
                try client.send("the body!")
                let final = try client.readResponse()
                #expect(final.status == 200)
                #expect(final.text == "the body!")
                #expect(!final.closesConnection)
            }
        }

        @Test func refusesAnExpectedBodyOverTheLimitWithoutInvitingIt() throws {
            try withTestServer(.makeForTests(), configure: { $0.limits.maxBodyBytes = 4 }) { server in
                let client = try TestClient(port: server.port)
                try client.send("PUT /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 9\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 413)
                #expect(response.closesConnection)
                #expect(try client.readUntilEndOfStream().isEmpty)
            }
        }
    }
}

extension ServerTests.ConnectionTests {
    /// A response larger than the kernel's socket buffers, so it cannot leave in one write.
    private static let largeBody = (0..<(8 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }

    private static func routerWithLargeResponses() -> Router {
        let router = Router.makeForTests()
        router.get("/large", execution: .eventLoop) { _ in Response(status: .ok, body: largeBody) }
        router.get("/large-from-pool") { _ in Response(status: .ok, body: largeBody) }
        return router
    }

    @Test func receivesLargeBodyArrivingInManyReads() throws {
        let body = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try withTestServer(.makeForTests()) { server in
            let client = try TestClient(port: server.port)
            try client.send(Array("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
            #expect(try client.readResponse().body == body)
        }
    }

    @Test(arguments: ["/large", "/large-from-pool"])
    func finishesLargeResponseForClientThatHalfClosedAfterItsRequest(path: String) throws {
        // The client's FIN says it will send nothing more, not that it stopped listening.
        try withTestServer(Self.routerWithLargeResponses()) { server in
            let client = try TestClient(port: server.port)
            try client.send("GET \(path) HTTP/1.1\r\nHost: a\r\n\r\n")
            client.finishSending()
            let response = try client.readResponse(timeout: .seconds(30))
            #expect(response.status == 200)
            #expect(response.body == Self.largeBody)
        }
    }

    @Test func deliversLargeResponsesToAPipeliningClientInFull() throws {
        try withTestServer(Self.routerWithLargeResponses()) { server in
            let client = try TestClient(port: server.port)
            try client.send("GET /large HTTP/1.1\r\nHost: a\r\n\r\nGET /large-from-pool HTTP/1.1\r\nHost: a\r\n\r\nGET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(try client.readResponse(timeout: .seconds(30)).body == Self.largeBody)
            #expect(try client.readResponse(timeout: .seconds(30)).body == Self.largeBody)
            #expect(try client.readResponse().text == "pong")
        }
    }
}
