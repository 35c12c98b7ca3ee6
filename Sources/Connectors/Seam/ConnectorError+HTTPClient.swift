public import HTTPClient

extension HTTPClient {
    /// Sends a request and returns whatever the server answered (any status); a failed exchange
    /// becomes a classed ``ConnectorError`` naming `action`.
    public func send(_ request: OutboundRequest, while action: String) throws(ConnectorError) -> OutboundResponse {
        do {
            return try send(request)
        } catch let error as HTTPClientError {
            throw ConnectorError(error, while: action)
        } catch {
            throw ConnectorError.transient("Our HTTP client failed \(action): \(error)")
        }
    }
}

extension ConnectorError {
    /// Classes a failed exchange: timeouts and dropped connections are transient; a TLS failure,
    /// a malformed URL or an unreadable answer is permanent (retrying will not change them).
    ///
    /// - Parameter action: what we were doing, e.g. "reading orders", for the message.
    public init(_ error: HTTPClientError, while action: String) {
        switch error.kind {
        case .timeout:
            self = .transient("Timed out \(action) at \(error.url); the system may be overloaded.")
        case .connection:
            self = .transient("Could not reach \(error.url) \(action): \(error.detail)")
        case .tls:
            self = .permanent("TLS failed \(action) at \(error.url): \(error.detail). Check the URL and the server's certificate.")
        case .httpStatus(let status, let excerpt):
            self = Self.classifying(status: status, excerpt: excerpt, retryAfter: error.retryAfter, while: action)
        case .invalidRequest:
            self = .permanent("The request \(action) could not be sent to \(error.url): \(error.detail). Check the connection's URL.")
        case .responseTooLarge:
            self = .permanent("The answer \(action) at \(error.url) was larger than we accept.")
        case .malformedResponse:
            self = .permanent("The answer \(action) at \(error.url) was not well-formed HTTP: \(error.detail)")
        case .internalFailure:
            self = .transient("Our HTTP client failed \(action): \(error.detail)")
        }
    }

    /// Classes a non-2xx answer by its status alone, for APIs that follow HTTP's meanings:
    /// 408, 429 and 5xx are transient (RFC 9110 §15.5.9, RFC 6585 §4, §15.6); 401 and 403 mean the
    /// credentials are wrong or lack rights, 404 and 405 that the URL is not the API — permanent;
    /// other 4xx say the record was refused — business. A connector that knows better (a 404 for
    /// one record is "not found", not a broken URL) decides before calling this.
    public static func classifying(_ response: OutboundResponse, while action: String) -> ConnectorError {
        classifying(status: response.status, excerpt: UpstreamReply(status: response.status, body: response.body).excerpt,
                    retryAfter: response.retryAfter, while: action)
    }

    static func classifying(status: Int, excerpt: String, retryAfter: Duration?, while action: String) -> ConnectorError {
        let upstream = UpstreamReply(status: status, excerpt: excerpt)
        switch status {
        case 408, 429, 500...599:
            let wait = status == 429 ? "The system is limiting our rate" : "The system failed or is unavailable"
            return .transient("\(wait) (HTTP \(status)) \(action).", upstream: upstream, retryAfter: retryAfter)
        case 401:
            return .permanent("The system refused our credentials (HTTP 401) \(action). Check the connection's keys.", upstream: upstream)
        case 403:
            return .permanent("The credentials lack the rights (HTTP 403) \(action). Grant read/write access to the key.", upstream: upstream)
        case 404, 405, 410:
            return .permanent("The URL does not lead to the API (HTTP \(status)) \(action). Check the connection's URL.", upstream: upstream)
        case 400...499:
            return .business("The system refused the record (HTTP \(status)) \(action).", upstream: upstream)
        default:
            return .permanent("Unexpected answer (HTTP \(status)) \(action).", upstream: upstream)
        }
    }
}
