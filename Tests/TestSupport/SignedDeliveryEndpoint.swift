import HTTP
import Logging
import Synchronization

/// An HTTP endpoint on our own server, `POST /hooks`, that accepts deliveries carrying a
/// `Counterpart-Signature` (204) and refuses unsigned ones (401) — the far end of an outbound
/// webhook connection for the portal's and the API's "Test connection" tests, and of alert
/// webhooks. It keeps every accepted delivery so a test can verify the signature as a receiver
/// would.
public final class SignedDeliveryEndpoint {
    /// One accepted delivery.
    public struct Delivery: Sendable {
        /// The `Counterpart-Signature` value.
        public var signature: String
        /// The `Content-Type` value, if any.
        public var contentType: String?
        /// The body, exactly as received.
        public var body: [UInt8]
    }

    private let server: HTTPServer
    private let received: DeliveryLog
    /// `http://127.0.0.1:<port>/hooks`.
    public let url: String

    /// Starts the endpoint on a free loopback port; it stops when released.
    public init() throws {
        let quiet = Logger(label: "signed-delivery-endpoint") { _ in SwiftLogNoOpLogHandler() }
        let router = Router(logger: quiet)
        let received = DeliveryLog()
        router.post("/hooks") { request in
            guard let signature = request.headers["Counterpart-Signature"], signature.hasPrefix("t=") else {
                return Response(status: .unauthorized)
            }
            received.list.withLock {
                $0.append(Delivery(signature: signature, contentType: request.headers["Content-Type"], body: request.body))
            }
            return Response(status: .noContent)
        }
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.eventLoopCount = 1
        server = HTTPServer(configuration: configuration, responder: router, logger: quiet)
        try server.start()
        url = "http://127.0.0.1:\(server.port)/hooks"
        self.received = received
    }

    /// The deliveries accepted so far, oldest first. The handler has run before the sender
    /// got its 204, so a synchronous sender finds its delivery here at once.
    public var deliveries: [Delivery] { received.list.withLock { $0 } }

    deinit { server.shutdown() }
}

/// The endpoint's deliveries, shared with its handler thread.
private final class DeliveryLog: Sendable {
    let list = Mutex<[SignedDeliveryEndpoint.Delivery]>([])
}
