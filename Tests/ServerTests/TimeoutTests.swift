import HTTP
import Testing

extension ServerTests {
    /// Clients that are too slow or too quiet are cut off on time, without holding up others.
    ///
    /// Bounds are generous on the late side (the server checks timeouts on a 250 ms tick and
    /// the machine may be busy) and exact on the early side, which the server controls.
    @Suite struct TimeoutTests {
        private static let slack: Duration = .seconds(3)

        @Test func cutsOffSlowlorisWithinTheHeaderTimeoutWhileServingOthers() throws {
            try withTestServer(.makeForTests(), configure: { $0.headerTimeout = .seconds(1) }) { server in
                let slowloris = try TestClient(port: server.port)
                let trickle = Array("GET /ping HTTP/1.1\r\nHost: a\r\nX-Slow: ".utf8) + Array(repeating: UInt8(ascii: "z"), count: 200)
                let started = Deadline.now()
                let giveUp = Deadline(after: .seconds(1) + Self.slack)
                var sent = 0
                var othersServed = false
                // One byte every 200 ms, as a slowloris does, until the server answers or closes.
                while sent < trickle.count, !giveUp.hasPassed {
                    try slowloris.send([trickle[sent]])
                    sent += 1
                    if sent == 3 {
                        // Meanwhile an ordinary client is answered at once.
                        let other = try TestClient(port: server.port)
                        try other.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                        othersServed = try other.readResponse().text == "pong"
                    }
                    if slowloris.waitForInput(timeout: .milliseconds(200)) { break }
                }
                let response = try slowloris.readResponse()
                let elapsed = Deadline.now() - started
                #expect(othersServed)
                #expect(response.status == 408)
                #expect(response.closesConnection)
                #expect(try slowloris.readUntilEndOfStream().isEmpty)
                #expect(elapsed >= 1_000_000_000, "cut off after \(elapsed / 1_000_000) ms, before the header timeout")
                #expect(elapsed < 4_000_000_000, "cut off after \(elapsed / 1_000_000) ms")
                #expect(sent < trickle.count)
            }
        }

        @Test func cutsOffClientThatStallsMidBody() throws {
            try withTestServer(.makeForTests(), configure: { $0.bodyTimeout = .seconds(1) }) { server in
                let client = try TestClient(port: server.port)
                let started = Deadline.now()
                try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
                let response = try client.readResponse(timeout: .seconds(1) + Self.slack)
                let elapsed = Deadline.now() - started
                #expect(response.status == 408)
                #expect(response.closesConnection)
                #expect(elapsed >= 1_000_000_000)
            }
        }

        @Test func closesIdleKeepAliveConnectionSilently() throws {
            try withTestServer(.makeForTests(), configure: { $0.idleTimeout = .seconds(1) }) { server in
                let client = try TestClient(port: server.port)
                // Taken before the request, so the server's idle clock cannot have started earlier.
                let started = Deadline.now()
                try client.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(try client.readResponse().text == "pong")
                // RFC 9112 §9.8: an idle connection may be closed at any time; no response is owed.
                #expect(try client.readUntilEndOfStream(timeout: .seconds(1) + Self.slack).isEmpty)
                #expect(Deadline.now() - started >= 1_000_000_000)
                #expect(waitUntil { server.connectionCount == 0 })
            }
        }
    }
}
