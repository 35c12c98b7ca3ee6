import Dispatch
import HTTP
import Testing

extension ServerTests {
    /// Many connections, a full handler pool, the connection cap.
    @Suite struct CapacityTests {
        @Test func answersFreshRequestWhileTwoThousandIdleConnectionsAreOpen() throws {
            try withTestServer(.makeForTests()) { server in
                var idle: [TestClient] = []
                idle.reserveCapacity(2_000)
                for _ in 0..<2_000 { idle.append(try TestClient(port: server.port)) }
                #expect(waitUntil { server.connectionCount == 2_000 }, "server holds \(server.connectionCount) connections")

                let fresh = try TestClient(port: server.port)
                try fresh.send("GET /hello?name=fresh HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(try fresh.readResponse().text == "hello fresh")

                // None of the idle connections was answered or closed meanwhile …
                #expect(idle.filter { $0.waitForInput(timeout: .zero) }.isEmpty)
                // … and any of them still works.
                for client in [idle[0], idle[1_000], idle[1_999]] {
                    try client.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                    #expect(try client.readResponse().text == "pong")
                }
                for client in idle { client.close() }
                fresh.close()
                #expect(waitUntil { server.connectionCount == 0 }, "server still holds \(server.connectionCount)")
            }
        }

        @Test func answers503WithRetryAfterWhenTheHandlerPoolIsSaturated() throws {
            let entered = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            let router = Router.makeForTests()
            router.get("/block") { _ in
                entered.signal()
                _ = release.wait(timeout: .now() + .seconds(20))
                return .text("done")
            }
            try withTestServer(router, configure: {
                $0.handlerThreads = 1
                $0.handlerQueueCapacity = 1
                $0.retryAfterSeconds = 2
            }) { server in
                let running = try TestClient(port: server.port)
                try running.send("GET /block HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(entered.wait(timeout: .now() + .seconds(10)) == .success)

                // The only thread is busy and the queue has room for one: of the next two
                // requests one waits and the other is refused at once.
                let second = try TestClient(port: server.port)
                try second.send("GET /block HTTP/1.1\r\nHost: a\r\n\r\n")
                let third = try TestClient(port: server.port)
                try third.send("GET /block HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(waitUntil { second.waitForInput(timeout: .zero) || third.waitForInput(timeout: .zero) })
                let (refusedClient, queuedClient) = second.waitForInput(timeout: .zero) ? (second, third) : (third, second)
                let refused = try refusedClient.readResponse()
                #expect(refused.status == 503)
                #expect(refused.headers["retry-after"] == "2")
                #expect(!refused.closesConnection)

                // Event-loop routes (health checks) are still answered while the pool is full.
                let probe = try TestClient(port: server.port)
                try probe.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(try probe.readResponse().text == "pong")

                release.signal()
                release.signal()
                #expect(try running.readResponse().text == "done")
                #expect(try queuedClient.readResponse().text == "done")
                // The refused client retries on the same connection once there is room.
                release.signal()
                try refusedClient.send("GET /block HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(try refusedClient.readResponse().text == "done")
            }
        }

        @Test func refusesConnectionsOverTheCapWith503AndCloses() throws {
            try withTestServer(.makeForTests(), configure: { $0.maxConnections = 2 }) { server in
                let first = try TestClient(port: server.port)
                let second = try TestClient(port: server.port)
                for client in [first, second] {
                    try client.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                    #expect(try client.readResponse().text == "pong")
                }

                let over = try TestClient(port: server.port)
                let refused = try over.readResponse()
                #expect(refused.status == 503)
                #expect(refused.closesConnection)
                #expect(refused.headers["retry-after"] != nil)
                #expect(try over.readUntilEndOfStream().isEmpty)
                #expect(server.connectionCount == 2)

                // Connections within the cap are untouched, and a freed slot is usable again.
                try first.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(try first.readResponse().text == "pong")
                second.close()
                #expect(waitUntil { server.connectionCount == 1 })
                let next = try TestClient(port: server.port)
                try next.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(try next.readResponse().text == "pong")
            }
        }

        @Test func refusedClientThatAlreadySentItsRequestStillReads503() throws {
            // Clients send their request right after connecting; the refusal must reach them
            // rather than be lost to a reset caused by the unread request.
            try withTestServer(.makeForTests(), configure: { $0.maxConnections = 1 }) { server in
                let first = try TestClient(port: server.port)
                try first.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(try first.readResponse().text == "pong")
                for _ in 0..<20 {
                    let over = try TestClient(port: server.port)
                    try over.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                    #expect(try over.readResponse().status == 503)
                }
            }
        }
    }
}

extension ServerTests.CapacityTests {
    @Test func stopsReadingFromAClientThatDoesNotReadItsResponses() throws {
        // A client may pipeline without limit (RFC 9112 §9.3.2), but the server must not buffer
        // its requests without limit while the answers pile up unread: it stops reading, and
        // the client's sends stall once the kernel buffers are full.
        try withTestServer(.makeForTests()) { server in
            let client = try TestClient(port: server.port)
            let request = Array("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
            let limit = 128 << 20
            let batch = Array([[UInt8]](repeating: request, count: 2_048).joined())
            let sent = try client.sendRepeatedlyUntilStalled(batch, limit: limit, stall: .seconds(2))
            try #require(sent < limit, "the server kept reading \(sent >> 20) MiB of requests nobody collected answers to")

            // Once the client reads, the server carries on: every whole request is answered.
            let first = try client.readResponse()
            #expect(first.text == "pong")
            // Every answer has the same length (the Date line's length is fixed).
            let remaining = sent / request.count - 1
            let rest = try client.readBytes(remaining * first.wireLength, timeout: .seconds(60))
            #expect(rest.suffix(4) == Array("pong".utf8))
        }
    }
}
