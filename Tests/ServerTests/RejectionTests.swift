import Foundation
import HTTP
import Testing

extension ServerTests {
    /// Malformed requests over a socket: exactly one error response, `Connection: close`,
    /// then the end of the stream.
    @Suite struct RejectionTests {
        @Test(arguments: [
            ("GET / HTTP/1.1\nHost: a\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", 400),
            ("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
            ("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
            ("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: a\r\nX-Folded: a\r\n b\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\n\r\n", 400),
            ("GET /" + String(repeating: "a", count: 9_000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414),
            ("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", 413),
            ("GET / HTTP/1.1\r\nHost: a\r\n" + String(repeating: "X-Many: 1\r\n", count: 101) + "\r\n", 431),
            ("GET / HTTP/1.1\r\nHost: a\r\nExpect: teapot\r\n\r\n", 417),
            ("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
            ("CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n", 501),
            ("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
        ])
        func answersMalformedRequestOnceThenCloses(request: String, status: Int) throws {
            try withTestServer(.makeForTests()) { server in
                let client = try TestClient(port: server.port)
                try client.send(request)
                let response = try client.readResponse()
                #expect(response.status == status)
                #expect(response.closesConnection)
                #expect(try client.readUntilEndOfStream().isEmpty)
            }
        }

        @Test func answersNothingAfterAMalformedRequestInAPipeline() throws {
            try withTestServer(.makeForTests()) { server in
                let client = try TestClient(port: server.port)
                try client.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /ping HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n\r\nx"
                    + "GET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(try client.readResponse().text == "pong")
                let rejected = try client.readResponse()
                #expect(rejected.status == 400)
                #expect(rejected.closesConnection)
                #expect(try client.readUntilEndOfStream().isEmpty)
            }
        }

        @Test func answersUnknownRouteAndMethodOnAKeptConnection() throws {
            // Routing misses are ordinary responses, not protocol errors: the connection stays.
            try withTestServer(.makeForTests()) { server in
                let client = try TestClient(port: server.port)
                try client.send("GET /missing HTTP/1.1\r\nHost: a\r\n\r\nDELETE /ping HTTP/1.1\r\nHost: a\r\n\r\nGET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(try client.readResponse().status == 404)
                let notAllowed = try client.readResponse()
                #expect(notAllowed.status == 405)
                #expect(notAllowed.headers["allow"] == "GET, HEAD")
                #expect(try client.readResponse().text == "pong")
            }
        }

        @Test func answersStaticFileRevalidationWith304() throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("server-static-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try Data("User-agent: *\n".utf8).write(to: directory.appendingPathComponent("robots.txt"))
            let router = Router.makeForTests()
            router.fallback = try StaticFiles(directory: directory.path).route
            try withTestServer(router) { server in
                let client = try TestClient(port: server.port)
                try client.send("GET /robots.txt HTTP/1.1\r\nHost: a\r\n\r\n")
                let first = try client.readResponse()
                #expect(first.status == 200)
                #expect(first.text == "User-agent: *\n")
                #expect(first.headers["cache-control"] != nil)
                let etag = try #require(first.headers["etag"])
                try client.send("GET /robots.txt HTTP/1.1\r\nHost: a\r\nIf-None-Match: \(etag)\r\n\r\nGET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                let revalidated = try client.readResponse()
                #expect(revalidated.status == 304)
                #expect(revalidated.headers["etag"] == etag)
                // RFC 9110 §6.4.1: a 304 has no content; the next response starts right after its head.
                #expect(revalidated.count(of: "Content-Length") == 0)
                #expect(try client.readResponse().text == "pong")
                try client.send("GET /../Package.swift HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(try client.readResponse().status == 404)
            }
        }
    }
}
