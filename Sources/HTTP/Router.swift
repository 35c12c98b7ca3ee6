public import Logging
import Sockets

/// Matches method and path to a route through a trie of path segments (`/customers/:id`,
/// `/assets/*path`), and runs the middleware chain around the handler.
///
/// Routes and middleware are registered before the server starts; the router is read-only
/// while serving, which is what makes sharing it across threads safe.
public final class Router: @unchecked Sendable {
    private let root = RouteNode()
    /// Routes whose pattern has no parameter or wildcard, by exact path: the common case
    /// (health checks, pages, API collections) costs one hash lookup instead of a trie walk.
    private var exactRoutes: [String: [HTTPMethod: Route]] = [:]
    private var middleware: [any Middleware] = []
    /// Every method some route answers; any other extension method is unknown to the server.
    private var knownMethods: Set<HTTPMethod> = []
    /// Answers GET/HEAD requests no route matched (static files); nil means 404.
    public var fallback: Route?
    /// Where handler failures (errors other than `HTTPError`) are logged.
    public var logger: Logger
    /// Where requests, durations and connections are counted; set before the server starts.
    public var metrics: HTTPMetrics

    /// An empty router.
    public init(logger: Logger = Logger(label: "counterpart.http"), metrics: HTTPMetrics = HTTPMetrics()) {
        self.logger = logger
        self.metrics = metrics
    }

    /// Adds a middleware; the first added is the outermost.
    public func use(_ middleware: any Middleware) {
        self.middleware.append(middleware)
    }

    /// Registers `handler` for `method` and a path pattern: literal segments, `:name`
    /// parameters, and a final `*name` that captures the rest of the path.
    public func on(_ method: HTTPMethod, _ pattern: String, execution: Execution = .handlerPool,
                   _ handler: @escaping Handler) {
        let route = Route(execution: execution, pattern: pattern, handler: handler)
        root.insert(pattern: pattern, method: method, route: route)
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: true)
        if !segments.contains(where: { $0.hasPrefix(":") || $0.hasPrefix("*") }) {
            exactRoutes["/" + segments.joined(separator: "/"), default: [:]][method] = route
        }
        knownMethods.insert(method)
    }

    /// Registers a GET route (HEAD is answered by it too, without the body).
    public func get(_ pattern: String, execution: Execution = .handlerPool, _ handler: @escaping Handler) {
        on(.get, pattern, execution: execution, handler)
    }

    /// Registers a POST route.
    public func post(_ pattern: String, execution: Execution = .handlerPool, _ handler: @escaping Handler) {
        on(.post, pattern, execution: execution, handler)
    }

    /// Registers a PUT route.
    public func put(_ pattern: String, execution: Execution = .handlerPool, _ handler: @escaping Handler) {
        on(.put, pattern, execution: execution, handler)
    }

    /// Registers a PATCH route.
    public func patch(_ pattern: String, execution: Execution = .handlerPool, _ handler: @escaping Handler) {
        on(.patch, pattern, execution: execution, handler)
    }

    /// Registers a DELETE route.
    public func delete(_ pattern: String, execution: Execution = .handlerPool, _ handler: @escaping Handler) {
        on(.delete, pattern, execution: execution, handler)
    }

    /// Finds the route for `request`, filling in its path parameters. Misses resolve to
    /// routes that answer 400 (undecodable path), 404, 405 (with `Allow`) or 501.
    public func resolve(_ request: inout Request) -> Route {
        // A miss here (wrong method, say) still walks the trie: a parameter route may take it.
        if let routes = exactRoutes[request.path],
           let route = routes[request.method] ?? (request.method == .head ? routes[.get] : nil) {
            return route
        }
        switch root.match(path: request.path, method: request.method) {
        case .found(let route, let parameters):
            request.parameters = parameters
            return route
        case .undecodablePath:
            return Router.answer(HTTPError(.badRequest, "malformed percent-encoding in path"))
        case .methodNotAllowed(let allowed):
            // RFC 9110 §15.5.6: 405 is for a method the server knows; one it does not is 501
            // (§15.6.2) on every path.
            if case .other = request.method, !knownMethods.contains(request.method) {
                return Router.answer(HTTPError(.notImplemented, "method not implemented"))
            }
            let allow = allowed.map(\.description).sorted().joined(separator: ", ")
            return Router.answer(HTTPError(.methodNotAllowed, headers: ["Allow": allow]))
        case .notFound:
            if case .other = request.method { return Router.answer(HTTPError(.notImplemented, "method not implemented")) }
            if var fallback, request.method == .get || request.method == .head {
                fallback.pattern = Route.fallbackPattern
                return fallback
            }
            return Router.answer(HTTPError(.notFound))
        }
    }

    /// Runs the middleware chain and `route`'s handler. Never throws: an `HTTPError` becomes
    /// its response, anything else a 500 whose details go to the log only.
    public func respond(to request: Request, with route: Route) -> Response {
        metrics.requestStarted()
        let started = MonotonicClock.nanoseconds()
        var request = request
        request.routePattern = route.pattern
        let response = run(request, route: route, depth: 0)
        metrics.requestFinished(method: request.method, route: route.pattern, status: response.status,
                                nanoseconds: MonotonicClock.nanoseconds() - started)
        return response
    }

    /// Resolves and answers in one step (what tests of routes use).
    public func respond(to request: Request) -> Response {
        var request = request
        let route = resolve(&request)
        return respond(to: request, with: route)
    }

    private func run(_ request: Request, route: Route, depth: Int) -> Response {
        do {
            if depth == middleware.count { return try route.handler(request) }
            return try middleware[depth].handle(request) { self.run($0, route: route, depth: depth + 1) }
        } catch let error as HTTPError {
            return error.response
        } catch {
            logger.error("handler failed", metadata: request.logMetadata([
                "route": "\(route.pattern)", "path": "\(request.loggablePath)", "error": "\(error)",
            ]))
            return HTTPError(.internalServerError).response
        }
    }

    private static func answer(_ error: HTTPError) -> Route {
        Route(execution: .eventLoop) { _ in throw error }
    }
}
