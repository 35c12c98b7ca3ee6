import Foundation
import HTTP
import Logging
import Synchronization

/// An HTTP endpoint on our own server that records every delivery it gets and answers from a
/// script (`[500, 204]`: fail the first, accept the second), as a receiver of outbound
/// webhooks would — the tests assert on the bytes it saw.
final class EventReceiver: Sendable {
    struct Delivery: Sendable {
        var headers: [String: String]
        var body: [UInt8]
    }

    /// The script and what arrived, shared with the route handler's threads.
    final class Recorder: Sendable {
        let state: Mutex<(script: [Int], deliveries: [Delivery])>
        init(_ script: [Int]) { state = Mutex((script, [])) }
    }

    private let server: HTTPServer
    private let recorder: Recorder
    /// The endpoint's URL.
    let url: String

    init(answers script: [Int], retryAfter: String? = nil) throws {
        let recorder = Recorder(script)
        let quiet = Logger(label: "event-receiver") { _ in SwiftLogNoOpLogHandler() }
        let router = Router(logger: quiet)
        router.post("/events") { request in
            var headers: [String: String] = [:]
            for name in ["Content-Type", "Counterpart-Event-Id", "Counterpart-Event-Type", "Counterpart-Signature"] {
                headers[name] = request.headers[name]
            }
            let status = recorder.state.withLock { state in
                state.deliveries.append(Delivery(headers: headers, body: request.body))
                return state.script.isEmpty ? 204 : state.script.removeFirst()
            }
            var response = Response(status: HTTPStatus(code: status))
            if let retryAfter, status == 429 || status == 503 { response.headers.add("Retry-After", retryAfter) }
            return response
        }
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.eventLoopCount = 1
        configuration.handlerThreads = 2
        server = HTTPServer(configuration: configuration, responder: router, logger: quiet)
        try server.start()
        self.recorder = recorder
        url = "http://127.0.0.1:\(server.port)/events"
    }

    /// What arrived, in order.
    var deliveries: [Delivery] { recorder.state.withLock { $0.deliveries } }

    deinit { server.shutdown() }
}
