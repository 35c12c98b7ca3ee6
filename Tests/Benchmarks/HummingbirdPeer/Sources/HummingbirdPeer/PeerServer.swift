// The smallest Hummingbird 2 application that answers what the benchmark asks of our server:
// two GET routes with fixed bodies, default event loop group (one loop per core), no
// middleware, logging at warning so that nothing is written per request.
import Foundation
import Hummingbird
import Logging

@main
struct PeerServer {
    static func main() async throws {
        let configuration: PeerConfiguration
        do {
            configuration = try PeerConfiguration.read()
        } catch {
            FileHandle.standardError.write(Data("HummingbirdPeer: \(error)\n".utf8))
            exit(2)
        }

        var logger = Logger(label: "HummingbirdPeer")
        logger.logLevel = .warning

        let router = Router()
        let healthz = PreparedResponse(configuration.healthz)
        let version = PreparedResponse(configuration.version)
        router.get("healthz") { _, _ in healthz.response() }
        router.get("version") { _, _ in version.response() }

        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            logger: logger
        )
        try await app.runService()
    }
}

/// A fixed answer whose body buffer is made once; each request gets a copy-on-write view of it,
/// which is what a real handler returning a cached document costs.
struct PreparedResponse: Sendable {
    let body: ByteBuffer
    let contentType: String

    init(_ fixed: PeerConfiguration.FixedResponse) {
        body = ByteBuffer(bytes: fixed.body)
        contentType = fixed.contentType
    }

    func response() -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: body))
    }
}
