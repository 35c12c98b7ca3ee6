/// Why a `multipart/form-data` body was refused. Each case says what was wrong in words a
/// client developer can act on; `httpError` is how a handler answers it.
public enum MultipartFormDataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `Content-Type` is missing or is not `multipart/form-data`.
    case notMultipart
    /// `Content-Type` has no `boundary`, or one RFC 2046 §5.1.1 does not allow.
    case invalidBoundary
    /// The body does not start (after any preamble) with the boundary delimiter.
    case missingOpeningDelimiter
    /// The body ends without the close delimiter `--boundary--`.
    case missingCloseDelimiter
    /// A delimiter line is followed by something other than `--` or a line end.
    case malformedDelimiter
    /// A part's header section is malformed (bare LF, folding, a bad field name or value).
    case malformedPartHeaders
    /// A part's header section is larger than the limit.
    case partHeadersTooLarge(limit: Int)
    /// More parts than the limit.
    case tooManyParts(limit: Int)
    /// A part has no `Content-Disposition: form-data` with a `name` (RFC 7578 §4.2).
    case missingFormDataName

    /// The message a client sees.
    public var description: String {
        switch self {
        case .notMultipart: "expected a multipart/form-data body"
        case .invalidBoundary: "the multipart boundary is missing or invalid (RFC 2046 §5.1.1: 1–70 allowed characters)"
        case .missingOpeningDelimiter: "the multipart body does not start with its boundary"
        case .missingCloseDelimiter: "the multipart body ends without its closing boundary"
        case .malformedDelimiter: "a multipart boundary line is followed by unexpected bytes"
        case .malformedPartHeaders: "a multipart part has malformed header fields"
        case .partHeadersTooLarge(let limit): "a multipart part's header fields exceed \(limit) bytes"
        case .tooManyParts(let limit): "the multipart body has more than \(limit) parts"
        case .missingFormDataName: "a multipart part lacks Content-Disposition: form-data with a name"
        }
    }

    /// 415 when the body is not multipart at all, 400 for every malformed body.
    public var httpError: HTTPError {
        switch self {
        case .notMultipart: HTTPError(.unsupportedMediaType, description)
        default: HTTPError(.badRequest, description)
        }
    }
}
