/// What a handler answers. The server adds `Content-Length`, `Date` and `Connection`; a
/// response to HEAD is sent without its body but with the length it would have had.
public struct Response: Sendable {
    /// The status.
    public var status: HTTPStatus
    /// Header fields the handler sets (`Content-Type`, `Cache-Control`, `ETag`, …).
    public var headers: HTTPHeaders
    /// The complete body.
    public var body: [UInt8]

    /// A response with everything explicit.
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ text: String, status: HTTPStatus = .ok) -> Response {
        Response(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }

    /// An `application/json` response from bytes that already are JSON.
    public static func json(_ bytes: [UInt8], status: HTTPStatus = .ok) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json"], body: bytes)
    }
}

/// An error a handler throws to answer with a specific status; any other error becomes a 500
/// whose details stay in the log, not in the response.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    /// The status to answer with.
    public var status: HTTPStatus
    /// A message safe to show the client.
    public var message: String
    /// Extra header fields, e.g. `Allow` or `Retry-After`.
    public var headers: HTTPHeaders

    /// An error answered as `status` with a plain-text `message`.
    public init(_ status: HTTPStatus, _ message: String? = nil, headers: HTTPHeaders = [:]) {
        self.status = status
        self.message = message ?? status.reasonPhrase
        self.headers = headers
    }

    public var description: String { "\(status): \(message)" }

    /// The plain-text response for this error.
    public var response: Response {
        var response = Response.text(message + "\n", status: status)
        for field in headers { response.headers.set(field.name, field.value) }
        return response
    }
}
