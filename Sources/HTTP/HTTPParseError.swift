/// Why the parser refused a request. Each maps to the status RFC 9112 asks for; every one of
/// them ends the connection, because after a framing error the rest of the stream cannot be
/// trusted (request smuggling).
public enum HTTPParseError: Error, Sendable, Equatable {
    /// Malformed syntax: bad request line, bad field, bare CR or LF, obs-fold, NUL… (400).
    case badRequest(String)
    /// The request line is longer than the limit (414).
    case requestLineTooLong
    /// The header section is larger than the limit or has too many fields (431).
    case headersTooLarge
    /// The declared or received body is larger than the limit (413).
    case bodyTooLarge
    /// A transfer coding other than chunked, or the CONNECT method (501).
    case notImplemented(String)
    /// HTTP/2.0 or another version we do not speak over this connection (505).
    case versionNotSupported
    /// An `Expect` value other than `100-continue` (417).
    case expectationFailed

    /// The status the server answers with.
    public var status: HTTPStatus {
        switch self {
        case .badRequest: .badRequest
        case .requestLineTooLong: .uriTooLong
        case .headersTooLarge: .requestHeaderFieldsTooLarge
        case .bodyTooLarge: .contentTooLarge
        case .notImplemented: .notImplemented
        case .versionNotSupported: .httpVersionNotSupported
        case .expectationFailed: .expectationFailed
        }
    }

    /// A short explanation for the response body and the log.
    public var reason: String {
        switch self {
        case .badRequest(let detail): detail
        case .requestLineTooLong: "request line too long"
        case .headersTooLarge: "header section too large"
        case .bodyTooLarge: "request body too large"
        case .notImplemented(let detail): detail
        case .versionNotSupported: "only HTTP/1.0 and HTTP/1.1 are supported"
        case .expectationFailed: "only Expect: 100-continue is supported"
        }
    }
}
