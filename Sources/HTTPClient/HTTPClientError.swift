/// A failed outbound HTTP call, classified so that a retry policy can decide without parsing text.
///
/// `kind` says what went wrong in terms a caller acts on; `detail` keeps libcurl's own words
/// (its `CURLOPT_ERRORBUFFER` text) for the operator; `url` names the target with credentials and
/// query values removed, so the error can be logged and shown in the exception queue as is.
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, at the granularity a caller decides on.
    public enum Kind: Sendable, Hashable {
        /// The connect or total timeout ran out before the exchange finished.
        case timeout
        /// The peer could not be reached or dropped the connection: DNS failure, refused,
        /// reset, or a connection closed before any response.
        case connection
        /// The TLS handshake failed or the peer's certificate did not verify.
        case tls
        /// The server answered with a status the caller declared unacceptable. Only
        /// ``OutboundResponse/requireSuccess()`` throws this; `send` returns every response.
        case httpStatus(status: Int, bodyExcerpt: String)
        /// The request could not be sent as given: a malformed URL, a scheme other than
        /// http/https (also when reached through a redirect), or a header that is not a valid field.
        case invalidRequest
        /// The response body grew past the configured maximum; the transfer was aborted.
        case responseTooLarge
        /// The server's reply was not well-formed HTTP, or redirects did not end within the limit.
        case malformedResponse
        /// libcurl itself failed (out of memory, an option this build lacks). Not the peer's fault.
        case internalFailure
    }

    /// What went wrong.
    public var kind: Kind
    /// libcurl's description of the failure, or ours where the failure was found before libcurl
    /// ran; empty for an HTTP status error, whose status and body excerpt say it all.
    public var detail: String
    /// The target URL without user information, query values or fragment (see ``RedactedURL``).
    public var url: String
    /// The raw `CURLcode`, when libcurl reported the failure; for diagnostics, not for decisions.
    public var curlCode: Int?
    /// The server's `Retry-After` delay for a ``Kind/httpStatus(status:bodyExcerpt:)`` error, when
    /// it sent one in the delay-seconds form (RFC 9110 §10.2.3).
    public var retryAfter: Duration?

    /// Creates an error; `url` must already be redacted.
    public init(kind: Kind, detail: String, url: String, curlCode: Int? = nil, retryAfter: Duration? = nil) {
        self.kind = kind
        self.detail = detail
        self.url = url
        self.curlCode = curlCode
        self.retryAfter = retryAfter
    }

    /// Whether trying the same request again later may succeed: timeouts, connection failures,
    /// 5xx answers, 429 Too Many Requests (RFC 6585 §4) and 408 Request Timeout (RFC 9110
    /// §15.5.9, which invites the client to repeat the request). TLS failures are not transient:
    /// a certificate that does not verify now will not verify in a minute.
    public var isTransient: Bool {
        switch kind {
        case .timeout, .connection:
            return true
        case .httpStatus(let status, _):
            return (500...599).contains(status) || status == 429 || status == 408
        case .tls, .invalidRequest, .responseTooLarge, .malformedResponse, .internalFailure:
            return false
        }
    }

    /// A one-line account for logs: kind, target and libcurl's words.
    public var description: String {
        let what: String
        switch kind {
        case .timeout: what = "timed out"
        case .connection: what = "connection failed"
        case .tls: what = "TLS failed"
        case .httpStatus(let status, let excerpt):
            what = excerpt.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(excerpt)"
        case .invalidRequest: what = "invalid request"
        case .responseTooLarge: what = "response too large"
        case .malformedResponse: what = "malformed response"
        case .internalFailure: what = "HTTP client failure"
        }
        return detail.isEmpty ? "\(what) (\(url))" : "\(what) (\(url)): \(detail)"
    }
}
