import Dispatch
import Synchronization
import Testing
import HTTP
@testable import HTTPClient

/// Connection reuse, timeouts, status errors and size limits against our own HTTP server.
@Suite struct HTTPClientBehaviourTests {
    @Test func reusesTheConnectionForSequentialRequests() throws {
        let routes: (Router) -> Void = { router in
            router.get("/peer") { request in .text(request.remoteAddress ?? "unknown") }
        }
        try withTestServer(routes: routes) { baseURL in
            let client = try HTTPClient()
            let first = try client.send(OutboundRequest(url: baseURL + "/peer"))
            let second = try client.send(OutboundRequest(url: baseURL + "/peer"))

            #expect(!first.reusedConnection)
            #expect(second.reusedConnection)
            // The server saw both requests come from the same client port.
            #expect(first.text != "unknown")
            #expect(first.text == second.text)
        }
    }

    @Test func servesConcurrentCallersAndKeepsOnlyTheConfiguredIdleHandles() throws {
        try withTestServer(routes: { $0.addInspectRoute() }) { baseURL in
            let client = try HTTPClient(configuration: .init(maxPooledHandles: 2))
            let statuses = Mutex<[Int]>([])
            DispatchQueue.concurrentPerform(iterations: 6) { caller in
                for call in 0..<5 {
                    let request = OutboundRequest(method: .post, url: baseURL + "/inspect", body: [UInt8(caller), UInt8(call)])
                    let response = try? client.send(request)
                    let ok = response?.body == [UInt8(caller), UInt8(call)]
                    statuses.withLock { $0.append(ok ? response?.status ?? 0 : 0) }
                }
            }
            #expect(statuses.withLock { $0 } == Array(repeating: 200, count: 30))
            #expect(client.idleHandleCount <= 2)
            #expect(client.idleHandleCount >= 1)
        }
    }

    @Test func reportsAServerThatAnswersTooLateAsATimeoutAndCarriesOn() throws {
        // The handler holds its answer until the test releases it, after the client has
        // already given up: the outcome does not depend on how fast this machine is.
        let release = DispatchSemaphore(value: 0)
        let routes: (Router) -> Void = { router in
            router.addInspectRoute()
            router.get("/slow") { _ in
                _ = release.wait(timeout: .now() + 60)
                return .text("too late")
            }
        }
        try withTestServer(routes: routes) { baseURL in
            let client = try HTTPClient()
            let error = try #require(throws: HTTPClientError.self) {
                try client.send(OutboundRequest(url: baseURL + "/slow", totalTimeout: .milliseconds(200)))
            }
            release.signal()
            #expect(error.kind == .timeout)
            #expect(error.isTransient)
            #expect(error.url == baseURL + "/slow")

            // The handle that timed out goes back to the pool and serves the next request.
            let next = try client.send(OutboundRequest(url: baseURL + "/inspect"))
            #expect(next.status == 200)
        }
    }

    @Test func returnsErrorStatusesAndThrowsOnlyWhenSuccessIsRequired() throws {
        let routes: (Router) -> Void = { router in
            router.get("/unavailable") { _ in
                Response(status: .init(code: 503), headers: ["Retry-After": "7"], body: Array("down for maintenance".utf8))
            }
        }
        try withTestServer(routes: routes) { baseURL in
            let response = try HTTPClient().send(OutboundRequest(url: baseURL + "/unavailable?token=s3cret"))
            #expect(response.status == 503)
            #expect(response.text == "down for maintenance")

            let error = try #require(throws: HTTPClientError.self) { try response.requireSuccess() }
            #expect(error.kind == .httpStatus(status: 503, bodyExcerpt: "down for maintenance"))
            #expect(error.isTransient)
            #expect(error.retryAfter == .seconds(7))
            #expect(error.url == baseURL + "/unavailable?token=…")
        }
    }

    @Test func treatsNotFoundAsPermanentAndKeepsOnlyAnExcerptOfItsBody() throws {
        let longBody = String(repeating: "missing ", count: 200)
        let routes: (Router) -> Void = { router in
            router.get("/gone") { _ in Response(status: .init(code: 404), body: Array(longBody.utf8)) }
        }
        try withTestServer(routes: routes) { baseURL in
            let response = try HTTPClient().send(OutboundRequest(url: baseURL + "/gone"))
            let error = try #require(throws: HTTPClientError.self) { try response.requireSuccess() }
            guard case .httpStatus(let status, let excerpt) = error.kind else {
                Issue.record("expected an HTTP status error, got \(error.kind)")
                return
            }
            #expect(status == 404)
            #expect(excerpt == String(longBody.prefix(512)))
            #expect(!error.isTransient)
            #expect(error.retryAfter == nil)
        }
    }

    @Test func requireSuccessReturnsA2xxResponseUnchanged() throws {
        try withTestServer(routes: { $0.get("/ok") { _ in .text("fine") } }) { baseURL in
            let response = try HTTPClient().send(OutboundRequest(url: baseURL + "/ok")).requireSuccess()
            #expect(response.text == "fine")
        }
    }

    @Test func refusesABodyLargerThanTheLimit() throws {
        let body = [UInt8](repeating: 0x2A, count: 4096)
        try withTestServer(routes: { $0.get("/big") { _ in Response(status: .ok, body: body) } }) { baseURL in
            let strict = try HTTPClient(configuration: .init(maxResponseBodySize: 4095))
            let error = try #require(throws: HTTPClientError.self) {
                try strict.send(OutboundRequest(url: baseURL + "/big"))
            }
            #expect(error.kind == .responseTooLarge)
            #expect(!error.isTransient)

            let exact = try HTTPClient(configuration: .init(maxResponseBodySize: 4096))
            #expect(try exact.send(OutboundRequest(url: baseURL + "/big")).body == body)
        }
    }
}
