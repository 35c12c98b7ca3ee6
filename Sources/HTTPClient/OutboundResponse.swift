/// A complete HTTP response from another system, any status.
///
/// `HTTPClient.send` returns every response the server sent, 4xx and 5xx included, so that a
/// connector can read an error body (WooCommerce explains a 400 in JSON). Call
/// ``requireSuccess()`` to turn a non-2xx status into an ``HTTPClientError``.
public struct OutboundResponse: Sendable, Hashable, CustomStringConvertible {
    /// How long the phases of the exchange took, measured by libcurl from the start of the
    /// transfer (`CURLINFO_*_TIME_T`, microsecond resolution).
    public struct Timings: Sendable, Hashable {
        /// Until the TCP connection was established; zero when a pooled connection was reused.
        public var connect: Duration
        /// Until the first response byte arrived (libcurl's "start transfer" time).
        public var firstByte: Duration
        /// The whole exchange.
        public var total: Duration

        /// Creates timings.
        public init(connect: Duration, firstByte: Duration, total: Duration) {
            self.connect = connect
            self.firstByte = firstByte
            self.total = total
        }
    }

    /// The status code of the final response (after any followed redirects).
    public var status: Int
    /// The final response's header fields, in order, repeats kept.
    public var headers: OutboundHeaders
    /// The response body as received (no content decoding is requested).
    public var body: [UInt8]
    /// The URL the final response came from: the request's URL unless a redirect was followed.
    /// It may hold credentials; log ``RedactedURL`` of it, not the URL itself.
    public var effectiveURL: String
    /// Whether the exchange ran over a kept-alive connection instead of opening a new one.
    public var reusedConnection: Bool
    /// Phase durations.
    public var timings: Timings

    /// Creates a response (for test doubles; real ones come from ``HTTPClient/send(_:)``).
    public init(
        status: Int,
        headers: OutboundHeaders = [:],
        body: [UInt8] = [],
        effectiveURL: String = "",
        reusedConnection: Bool = false,
        timings: Timings = Timings(connect: .zero, firstByte: .zero, total: .zero)
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.effectiveURL = effectiveURL
        self.reusedConnection = reusedConnection
        self.timings = timings
    }

    /// A one-line summary — status, URL, sizes — that keeps bodies out of logs and test reports.
    public var description: String {
        "\(status) from \(RedactedURL(effectiveURL)) (\(headers.count) header fields, \(body.count) body bytes)"
    }

    /// Whether the status is 2xx (RFC 9110 §15.3).
    public var isSuccess: Bool { (200...299).contains(status) }

    /// The body decoded as UTF-8, invalid sequences replaced.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The `Retry-After` delay in its delay-seconds form (RFC 9110 §10.2.3), or nil when absent
    /// or given as an HTTP-date (callers fall back to their own back-off then).
    public var retryAfter: Duration? {
        guard let value = headers["Retry-After"], let seconds = Int(value), seconds >= 0 else { return nil }
        return .seconds(seconds)
    }

    /// The most of the body an error carries: enough for an API's error message, not a page.
    static let bodyExcerptLimit = 512

    /// Returns the response when its status is 2xx, and throws otherwise.
    ///
    /// - Throws: ``HTTPClientError`` of kind ``HTTPClientError/Kind/httpStatus(status:bodyExcerpt:)``
    ///   with the first 512 bytes of the body and the `Retry-After` delay.
    @discardableResult
    public func requireSuccess() throws -> OutboundResponse {
        guard isSuccess else {
            let excerpt = String(decoding: body.prefix(Self.bodyExcerptLimit), as: UTF8.self)
            throw HTTPClientError(
                kind: .httpStatus(status: status, bodyExcerpt: excerpt),
                detail: "",
                url: RedactedURL(effectiveURL).description,
                retryAfter: retryAfter
            )
        }
        return self
    }
}
