import Dispatch
import Foundation
import HTTP
import Sockets
import Testing

extension ServerTests {
    /// Connections that end badly, and the server's own graceful end.
    @Suite struct LifecycleTests {
        @Test func clientsVanishingMidBodyLeaveNoDescriptorBehind() throws {
            try withTestServer(.makeForTests()) { server in
                // One full exchange first, so whatever the server creates lazily exists
                // before the baseline is taken.
                let warmUp = try TestClient(port: server.port)
                try warmUp.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(try warmUp.readResponse().text == "pong")
                warmUp.close()
                #expect(waitUntil { server.connectionCount == 0 })
                let baseline = ProcessLimits.openDescriptorCount()

                let clients = try (0..<32).map { _ in try TestClient(port: server.port) }
                for (index, client) in clients.enumerated() {
                    if index.isMultiple(of: 2) {
                        try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\nonly part of it")
                    } else {
                        try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n100\r\nonly part")
                    }
                }
                #expect(waitUntil { serverSideConnectionCount(port: server.port) == clients.count })
                // Half go away politely (FIN), half as if their process died (RST).
                for (index, client) in clients.enumerated() {
                    if index < clients.count / 2 { client.close() } else { client.closeWithReset() }
                }

                #expect(waitUntil { server.connectionCount == 0 }, "server still counts \(server.connectionCount)")
                #expect(waitUntil { serverSideConnectionCount(port: server.port) == 0 })
                // The process-wide count: a leak of one descriptor per vanished client would
                // show as 32 more. Suites of other targets may run in this process at the same
                // time and hold a few descriptors of their own, hence "fewer than 32", not "zero".
                var now = 0
                #expect(waitUntil { now = ProcessLimits.openDescriptorCount(); return now < baseline + clients.count },
                        "descriptors: \(baseline) before, \(now) after")

                let after = try TestClient(port: server.port)
                try after.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nstill")
                #expect(try after.readResponse().text == "still")
            }
        }

        @Test func clientVanishingWhileItsHandlerRunsIsForgotten() throws {
            let entered = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            let router = Router.makeForTests()
            router.get("/block") { _ in
                entered.signal()
                _ = release.wait(timeout: .now() + .seconds(20))
                return .text("too late")
            }
            try withTestServer(router) { server in
                let client = try TestClient(port: server.port)
                try client.send("GET /block HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(entered.wait(timeout: .now() + .seconds(10)) == .success)
                client.closeWithReset()
                release.signal()
                #expect(waitUntil { server.connectionCount == 0 })
                #expect(waitUntil { serverSideConnectionCount(port: server.port) == 0 })
                let next = try TestClient(port: server.port)
                try next.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(try next.readResponse().text == "pong")
            }
        }

        /// Holds the only event loop on a handler until released, so what a client sends in
        /// the meantime (data and its FIN) is waiting in the kernel as one edge when the loop
        /// turns again.
        private static func routerWithLoopStall(entered: DispatchSemaphore, release: DispatchSemaphore) -> Router {
            let router = Router.makeForTests()
            router.get("/stall-loop", execution: .eventLoop) { _ in
                entered.signal()
                _ = release.wait(timeout: .now() + .seconds(20))
                return .text("released")
            }
            return router
        }

        @Test func noticesClientThatSentPartOfABodyAndClosedWhileTheLoopWasBusy() throws {
            let entered = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            try withTestServer(Self.routerWithLoopStall(entered: entered, release: release),
                               configure: { $0.eventLoopCount = 1 }) { server in
                let vanishing = try TestClient(port: server.port)
                try vanishing.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(try vanishing.readResponse().text == "pong")
                let staller = try TestClient(port: server.port)
                try staller.send("GET /stall-loop HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(entered.wait(timeout: .now() + .seconds(10)) == .success)

                try vanishing.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nonly part")
                vanishing.close()
                release.signal()
                #expect(try staller.readResponse().text == "released")
                // Long before the 30 s body timeout could be what closed it.
                #expect(waitUntil(timeout: .seconds(10)) { server.connectionCount == 1 },
                        "server still holds \(server.connectionCount) connections")
            }
        }

        @Test func closesKeptAliveConnectionOnceTheClientHalfClosedWhileTheLoopWasBusy() throws {
            let entered = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            try withTestServer(Self.routerWithLoopStall(entered: entered, release: release),
                               configure: { $0.eventLoopCount = 1 }) { server in
                let client = try TestClient(port: server.port)
                try client.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(try client.readResponse().text == "pong")
                let staller = try TestClient(port: server.port)
                try staller.send("GET /stall-loop HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(entered.wait(timeout: .now() + .seconds(10)) == .success)

                try client.send("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
                client.finishSending()
                release.signal()
                #expect(try staller.readResponse().text == "released")
                #expect(try client.readResponse().text == "hello world")
                // Nothing more can come from the client: the server closes instead of waiting
                // out the 60 s idle timeout.
                #expect(try client.readUntilEndOfStream(timeout: .seconds(10)).isEmpty)
            }
        }

        @Test func gracefulShutdownFinishesTheRequestInFlightAndRefusesNewConnections() throws {
            let entered = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            // Large enough that the response needs several writes while the server drains.
            let report = (0..<(256 * 1024)).map { UInt8(truncatingIfNeeded: $0 % 251) }
            let router = Router.makeForTests()
            router.get("/report") { _ in
                entered.signal()
                _ = release.wait(timeout: .now() + .seconds(20))
                return Response(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: report)
            }
            try withTestServer(router) { server in
                let port = server.port
                let inFlight = try TestClient(port: port)
                try inFlight.send("GET /report HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(entered.wait(timeout: .now() + .seconds(10)) == .success)
                let idle = try TestClient(port: port)
                try idle.send("GET /ping HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(try idle.readResponse().text == "pong")

                let stopped = DispatchSemaphore(value: 0)
                let stopper = Thread {
                    server.shutdown()
                    stopped.signal()
                }
                stopper.start()

                // Shutdown has begun once the port refuses connections.
                #expect(waitUntil { TestClient.connectionRefused(port: port) })
                // An idle keep-alive connection is closed without a response.
                #expect(try idle.readUntilEndOfStream().isEmpty)
                // The blocked handler holds shutdown up.
                #expect(stopped.wait(timeout: .now()) == .timedOut)

                release.signal()
                let response = try inFlight.readResponse()
                #expect(response.status == 200)
                #expect(response.body == report)
                #expect(response.closesConnection)
                #expect(try inFlight.readUntilEndOfStream().isEmpty)
                inFlight.close()
                #expect(stopped.wait(timeout: .now() + .seconds(10)) == .success)
                #expect(TestClient.connectionRefused(port: port))
            }
        }
    }
}
