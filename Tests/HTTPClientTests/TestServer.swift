import HTTP
import Logging

/// Runs `body` against our own HTTP server on an ephemeral loopback port, with the routes
/// `routes` registers, and shuts the server down afterwards.
///
/// - Parameters:
///   - adjust: changes to the server's configuration (limits) before it starts.
///   - body: receives the base URL, `http://127.0.0.1:<port>`.
func withTestServer<Result>(
    adjust: (inout ServerConfiguration) -> Void = { _ in },
    routes: (Router) -> Void,
    _ body: (_ baseURL: String) throws -> Result
) throws -> Result {
    // The server's lifecycle lines would bury the test report; failures still show as issues.
    let quiet = Logger(label: "httpclient-tests") { _ in SwiftLogNoOpLogHandler() }
    let router = Router(logger: quiet)
    routes(router)
    var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
    configuration.eventLoopCount = 1
    configuration.handlerThreads = 4
    adjust(&configuration)
    let server = HTTPServer(configuration: configuration, responder: router, logger: quiet)
    try server.start()
    defer { server.shutdown() }
    return try body("http://127.0.0.1:\(server.port)")
}

extension Router {
    /// Registers `/inspect` for the common methods: it answers with what the server saw —
    /// method, selected request headers as `X-Seen-*` response headers — and echoes the body.
    func addInspectRoute() {
        let inspect: Handler = { request in
            var headers: HTTPHeaders = ["X-Method": request.method.description]
            for name in ["X-Trace", "Content-Type", "Content-Length", "User-Agent", "Expect"] {
                headers.add("X-Seen-\(name)", request.headers[name] ?? "(none)")
            }
            return Response(status: .ok, headers: headers, body: request.body)
        }
        get("/inspect", inspect)
        post("/inspect", inspect)
        put("/inspect", inspect)
        patch("/inspect", inspect)
        delete("/inspect", inspect)
    }
}
