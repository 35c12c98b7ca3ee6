import Testing
import HTTPClient

/// Failures that need no server: nothing listening, and URLs the client must never act on.
@Suite struct HTTPClientRefusalTests {
    @Test func reportsARefusedConnectionAsATransientConnectionFailure() throws {
        let closed = try ReservedPort()
        let client = try HTTPClient()

        let error = try #require(throws: HTTPClientError.self) {
            try client.send(OutboundRequest(url: "http://ck:cs@127.0.0.1:\(closed.port)/orders?consumer_secret=cs"))
        }
        #expect(error.kind == .connection)
        #expect(error.isTransient)
        #expect(error.url == "http://127.0.0.1:\(closed.port)/orders?consumer_secret=…")
        #expect(!error.detail.isEmpty)
        withExtendedLifetime(closed) {}
    }

    @Test func neverReadsAFileURL() throws {
        let client = try HTTPClient()
        let error = try #require(throws: HTTPClientError.self) {
            try client.send(OutboundRequest(url: "file:///etc/passwd"))
        }
        #expect(error.kind == .invalidRequest)
        #expect(!error.isTransient)
    }
}
