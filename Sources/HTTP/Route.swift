/// A function that answers a request. Handlers are ordinary synchronous functions (they may
/// call libpq, which blocks); the `Execution` of their route says which thread runs them.
public typealias Handler = @Sendable (Request) throws -> Response

/// Where a handler runs.
public enum Execution: Sendable {
    /// On the connection's event loop, inline. Only for handlers that never block and finish
    /// in microseconds (health checks, constant answers): it saves two thread hops.
    case eventLoop
    /// On the bounded handler pool: anything that touches the database, files or the network.
    case handlerPool
}

/// A registered route: its handler and where it runs.
public struct Route: Sendable {
    public var handler: Handler
    public var execution: Execution
    /// The pattern the route was registered under (`/api/v1/customers/:id`): what metrics label
    /// a request with, never its path. `unmatched` for the router's own answers to misses.
    public var pattern: String

    public init(execution: Execution = .handlerPool, pattern: String = Route.unmatchedPattern, handler: @escaping Handler) {
        self.handler = handler
        self.execution = execution
        self.pattern = pattern
    }

    /// The label of requests no registered route took (404, 405, 501, malformed paths).
    public static let unmatchedPattern = "unmatched"
    /// The label of requests answered by the router's fallback (static files, the portal's 404).
    public static let fallbackPattern = "fallback"
}

/// Code that wraps every handler: request ids, access log, authentication, CSRF, rate limits.
/// A middleware may answer by itself (not calling `next`) or adjust the request and response.
/// Errors it throws are turned into responses by the router, so outer middleware always sees
/// a response.
public protocol Middleware: Sendable {
    /// Answers `request`, usually by calling `next`.
    func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response
}
