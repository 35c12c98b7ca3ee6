import Foundation
import Glibc
import HTTPClient
import Testing
import TestSupport

/// The `counterpart` executable itself: its commands, its start-up errors and its handling of
/// SIGTERM/SIGINT. Runs the binary `swift build --build-tests` built next to the tests.
@Suite struct CommandLineTests {
    @Test func versionPrintsTheVersion() throws {
        let run = try Executable.run(["version"], environment: [:])
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("counterpart "))
    }

    @Test func aBadVariableStopsServeWithExitStatusTwoNamingIt() throws {
        let run = try Executable.run(["serve"], environment: [
            "DATABASE_URL": "postgresql://x@127.0.0.1:1/x", "COUNTERPART_LISTEN": "nowhere",
        ])
        #expect(run.status == 2)
        #expect(run.errors.contains(#"COUNTERPART_LISTEN="nowhere" is not valid"#))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func serveAnswersThenStopsCleanlyOnASignal(signal: Int32) throws {
        let port = try FreePort.find()
        let server = try Executable.start(["serve"], environment: [
            "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none", "COUNTERPART_LISTEN": "127.0.0.1:\(port)",
            "COUNTERPART_PUBLIC_DIR": "/nonexistent",
        ])
        defer { if server.isRunning { server.terminate() } }
        let client = try HTTPClient()
        let health = try waitForAnswer(client, url: "http://127.0.0.1:\(port)/healthz")
        #expect(health.status == 200)

        kill(server.processIdentifier, signal)
        server.waitUntilExit()
        #expect(server.terminationReason == .exit)
        #expect(server.terminationStatus == 0)
        #expect(throws: HTTPClientError.self) {
            try client.send(OutboundRequest(method: .get, url: "http://127.0.0.1:\(port)/healthz"))
        }
    }

    /// Polls until the freshly started server accepts, for at most 30 s (start-up speed is the
    /// machine's, not the test's concern).
    private func waitForAnswer(_ client: HTTPClient, url: String) throws -> OutboundResponse {
        let deadline = Date().addingTimeInterval(30)
        while true {
            do {
                return try client.send(OutboundRequest(method: .get, url: url))
            } catch let error as HTTPClientError where error.kind == .connection && Date() < deadline {
                usleep(20_000)
            }
        }
    }
}
