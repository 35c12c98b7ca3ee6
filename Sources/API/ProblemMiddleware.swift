public import HTTP
public import Logging

/// Makes every response under a path prefix (`/api/` by default) that is an error a problem
/// (`application/problem+json`), whoever produced it: a thrown `ProblemError` or `HTTPError`,
/// an unknown error (500, its details in the log only), or a plain-text error response from
/// the router (unknown path 404, wrong method 405 with `Allow`, malformed path 400).
///
/// The router turns errors into responses before middleware sees them, so besides catching
/// what `next` throws this middleware also rewrites error responses that are not problems yet.
/// Register it after `RequestIDMiddleware`, so problems carry the request id:
///
/// ```swift
/// router.use(RequestIDMiddleware())
/// router.use(ProblemMiddleware())
/// ```
///
/// Errors the HTTP server answers before routing (a malformed request line, an oversized
/// head or body, a full handler pool) never reach middleware and stay plain text.
public struct ProblemMiddleware: Middleware {
    /// The path prefix whose responses are API responses.
    public var pathPrefix: String
    /// Where unknown errors are logged.
    public var logger: Logger

    /// A middleware for responses under `pathPrefix`.
    public init(pathPrefix: String = "/api/", logger: Logger = Logger(label: "counterpart.api")) {
        self.pathPrefix = pathPrefix
        self.logger = logger
    }

    public func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
        guard request.path.hasPrefix(pathPrefix) else { return try next(request) }
        let response: Response
        do {
            response = try next(request)
        } catch {
            return ProblemRendering.response(for: error, request: request, logger: logger)
        }
        return ProblemRendering.problem(from: response, request: request)
    }
}

/// The one place that turns errors and error responses into problem responses, shared by the
/// middleware and by the wrapper `APIDescription` puts around each endpoint's handler.
enum ProblemRendering {
    /// The problem response for any error a handler or middleware threw.
    static func response(for error: any Error, request: Request, logger: Logger) -> Response {
        switch error {
        case let problem as ProblemError:
            return problem.response(for: request)
        case let httpError as HTTPError:
            return ProblemError(httpError).response(for: request)
        default:
            // The client learns only that it failed and the request id; the cause may name
            // tables, hosts or tenants and belongs in the log.
            logger.error("API handler failed", metadata: request.logMetadata([
                "method": "\(request.method)", "path": "\(request.loggablePath)", "error": "\(error)",
            ]))
            return ProblemError.internalError.response(for: request)
        }
    }

    /// `response` unchanged if it is a success or already a problem; otherwise a problem with
    /// the same status and header fields. A plain-text body becomes the detail, as
    /// `HTTPError` promises its message is safe to show; a 5xx body is dropped.
    static func problem(from response: Response, request: Request) -> Response {
        guard response.status.code >= 400 else { return response }
        let contentType = response.headers["Content-Type"]?.lowercased() ?? ""
        if contentType.hasPrefix(Problem.mediaType) { return response }
        var detail: String?
        if response.status.code < 500, contentType.hasPrefix("text/plain") {
            let text = String(decoding: response.body, as: UTF8.self).trimmingWhitespace
            if !text.isEmpty, text != response.status.reasonPhrase { detail = text }
        }
        let error = response.status == .internalServerError ? ProblemError.internalError
            : ProblemError(status: response.status, slug: nil, title: response.status.reasonPhrase, detail: detail)
        var rewritten = error.response(for: request)
        for field in response.headers where !isBodyDescribing(field.name) {
            rewritten.headers.add(field.name, field.value)
        }
        return rewritten
    }

    /// Header fields that describe the old body and must not survive its replacement.
    private static func isBodyDescribing(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered == "content-type" || lowered == "content-length" || lowered == "content-encoding"
            || lowered == "etag" || lowered == "last-modified"
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    var trimmingWhitespace: String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
