import HTTP
import Logging

/// An HTTP endpoint on our own server, `POST /hooks`, that accepts deliveries carrying a
/// `Counterpart-Signature` (204) and refuses unsigned ones (401) — the far end of an outbound
/// webhook connection for the portal's and the API's "Test connection" tests.
public final class SignedDeliveryEndpoint {
    private let server: HTTPServer
    /// `http://127.0.0.1:<port>/hooks`.
    public let url: String

    /// Starts the endpoint on a free loopback port; it stops when released.
    public init() throws {
        let quiet = Logger(label: "signed-delivery-endpoint") { _ in SwiftLogNoOpLogHandler() }
        let router = Router(logger: quiet)
        router.post("/hooks") { request in
            Response(status: request.headers["Counterpart-Signature"]?.hasPrefix("t=") == true ? .noContent : .unauthorized)
        }
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.eventLoopCount = 1
        server = HTTPServer(configuration: configuration, responder: router, logger: quiet)
        try server.start()
        url = "http://127.0.0.1:\(server.port)/hooks"
    }

    deinit { server.shutdown() }
}
