import HTTP

/// Runs `body` against a real server on a free loopback port, then shuts the server down
/// (gracefully, as production does) whatever `body` did.
///
/// Tests get a small handler pool and a short grace period; `configure` adjusts the rest.
func withTestServer(_ router: Router, configure: (inout ServerConfiguration) -> Void = { _ in },
                    _ body: (HTTPServer) throws -> Void) throws {
    var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
    configuration.handlerThreads = 4
    configuration.shutdownGracePeriod = .seconds(10)
    configure(&configuration)
    // The router's logger, quietened: servers starting and stopping in every test are noise.
    var logger = router.logger
    logger.logLevel = .error
    let server = HTTPServer(configuration: configuration, responder: router, logger: logger)
    try server.start()
    defer { server.shutdown() }
    try body(server)
}

extension Router {
    /// A router with the routes most server tests share: `/ping` on the event loop, `/echo`
    /// on the handler pool (answers the request body back), `/hello` on the pool.
    static func makeForTests() -> Router {
        let router = Router()
        router.logger.logLevel = .critical
        router.get("/ping", execution: .eventLoop) { _ in .text("pong") }
        router.get("/hello") { request in .text("hello \(request.queryParameters["name"] ?? "world")") }
        router.post("/echo") { request in Response(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: request.body) }
        router.put("/echo") { request in Response(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: request.body) }
        return router
    }
}
