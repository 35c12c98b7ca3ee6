public import HTTP

/// An error an API handler throws to answer with a problem (RFC 9457). The handler states
/// what went wrong; `instance` and `request_id` are filled in from the request when the error
/// is rendered, so handlers never repeat them.
///
/// ```swift
/// guard let customer = try store.customer(id) else { throw ProblemError.notFound("customer") }
/// ```
public struct ProblemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status to answer with.
    public var status: HTTPStatus
    /// The problem type's slug under `Problem.typeBase`; nil for `about:blank`.
    public var slug: String?
    /// The problem type's title.
    public var title: String
    /// This occurrence, in words.
    public var detail: String?
    /// The offending fields.
    public var errors: [FieldError]
    /// Extra response header fields by name (`WWW-Authenticate`, `Retry-After`).
    public var headers: [String: String]

    /// A problem with everything explicit; prefer the named constructors below.
    public init(status: HTTPStatus, slug: String?, title: String, detail: String? = nil,
                errors: [FieldError] = [], headers: [String: String] = [:]) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    /// The problem type URI.
    public var type: String { slug.map { Problem.typeBase + $0 } ?? "about:blank" }

    public var description: String {
        ([status.description, detail].compactMap { $0 } + errors.map(\.description)).joined(separator: "; ")
    }

    /// The problem body for this error as it concerns `request`.
    public func problem(for request: Request) -> Problem {
        Problem(type: type, title: title, status: status.code, detail: detail, instance: request.path,
                errors: errors, requestID: request.requestID.isEmpty ? nil : request.requestID)
    }

    /// The complete `application/problem+json` response for `request`.
    public func response(for request: Request) -> Response {
        var response = problem(for: request).response
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { response.headers.set(name, value) }
        return response
    }
}

extension ProblemError {
    /// 422: the body is JSON, but members are unknown, missing, of the wrong type, or break a
    /// rule. RFC 9110 §15.5.21: the content type and syntax were fine, the instructions were not.
    public static func validation(_ errors: [FieldError]) -> ProblemError {
        ProblemError(status: .unprocessableContent, slug: "validation-failed", title: "Validation failed",
                     detail: errors.count == 1 ? "1 field is invalid." : "\(errors.count) fields are invalid.",
                     errors: errors)
    }

    /// 400: a query parameter, path parameter or header is malformed. 400 rather than 422
    /// because these are not request content (RFC 9110 §15.5.21 is about content).
    public static func invalidParameters(_ errors: [FieldError]) -> ProblemError {
        ProblemError(status: .badRequest, slug: "invalid-parameter", title: "Invalid request parameter",
                     detail: errors.map(\.description).joined(separator: "; "), errors: errors)
    }

    /// 400: the body is not JSON at all. `detail` says where parsing stopped when known.
    public static func malformedJSON(_ detail: String) -> ProblemError {
        ProblemError(status: .badRequest, slug: "malformed-json", title: "Malformed JSON", detail: detail)
    }

    /// 404: no `resource` with that identifier, or none this caller may see — the two are
    /// deliberately indistinguishable, so ids from other tenants cannot be probed.
    public static func notFound(_ resource: String) -> ProblemError {
        ProblemError(status: .notFound, slug: "not-found", title: "Not found",
                     detail: "No \(resource) with that identifier exists.")
    }

    /// 403: authenticated, but the caller's role or token scope lacks `permission`
    /// (a permission name such as `customers:write`).
    public static func forbidden(permission: String) -> ProblemError {
        ProblemError(status: .forbidden, slug: "forbidden", title: "Forbidden",
                     detail: "This operation needs the permission \(permission).")
    }

    /// 401: no credentials. RFC 6750 §3 requires `WWW-Authenticate: Bearer`; §3.1 says a
    /// request without credentials SHOULD NOT get an error code in that challenge.
    public static var unauthorized: ProblemError {
        ProblemError(status: .unauthorized, slug: "unauthorized", title: "Unauthorized",
                     detail: "This operation needs a bearer token in the Authorization header.",
                     headers: ["WWW-Authenticate": #"Bearer realm="counterpart""#])
    }

    /// 401: a token was sent but is unknown, expired or revoked (RFC 6750 §3.1 `invalid_token`).
    public static var invalidToken: ProblemError {
        ProblemError(status: .unauthorized, slug: "invalid-token", title: "Invalid token",
                     detail: "The bearer token is unknown, expired or revoked.",
                     headers: ["WWW-Authenticate": #"Bearer realm="counterpart", error="invalid_token""#])
    }

    /// 409: the request conflicts with the current state (a slug already taken, say).
    public static func conflict(_ detail: String, errors: [FieldError] = []) -> ProblemError {
        ProblemError(status: .conflict, slug: "conflict", title: "Conflict", detail: detail, errors: errors)
    }

    /// 415: the body is not `application/json`.
    public static var unsupportedMediaType: ProblemError {
        ProblemError(status: .unsupportedMediaType, slug: "unsupported-media-type", title: "Unsupported media type",
                     detail: "The request body must be sent as Content-Type: application/json.")
    }

    /// 413: the body is larger than this endpoint accepts.
    public static var payloadTooLarge: ProblemError {
        ProblemError(status: .contentTooLarge, slug: "payload-too-large", title: "Payload too large",
                     detail: "The request body is larger than this operation accepts.")
    }

    /// 429 with `Retry-After` in seconds (RFC 6585 §4, RFC 9110 §10.2.3).
    public static func tooManyRequests(retryAfter seconds: Int) -> ProblemError {
        ProblemError(status: .tooManyRequests, slug: "rate-limited", title: "Too many requests",
                     detail: "Slow down; retry after \(seconds) seconds.",
                     headers: ["Retry-After": String(max(0, seconds))])
    }

    /// 500: something failed that the client cannot fix. The cause goes to the log only.
    public static var internalError: ProblemError {
        ProblemError(status: .internalServerError, slug: nil, title: "Internal Server Error",
                     detail: "The server failed to answer this request; quote the request id when reporting it.")
    }

    /// The problem for an `HTTPError` (from the router or code below the API): `about:blank`
    /// with the status's reason phrase as title (RFC 9457 §4.2.1), the error's message as
    /// detail, and its header fields (`Allow`, `Retry-After`) kept.
    public init(_ error: HTTPError) {
        let detail = error.message == error.status.reasonPhrase ? nil : error.message
        self.init(status: error.status, slug: nil, title: error.status.reasonPhrase, detail: detail,
                  headers: Dictionary(error.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first }))
    }
}
