/// One HTTP request to another system, as a value.
///
///     var request = OutboundRequest(method: .post, url: "https://erp.example/rpc")
///     request.headers.append(name: "Content-Type", value: "application/json")
///     request.body = Array(json.utf8)
///     let response = try client.send(request).requireSuccess()
public struct OutboundRequest: Sendable, Hashable {
    /// An HTTP method token (RFC 9110 §9).
    public struct Method: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The method as sent on the request line, e.g. `GET`.
        public let rawValue: String

        /// Creates a method; the token is checked when the request is sent.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `GET` (RFC 9110 §9.3.1).
        public static let get = Method(rawValue: "GET")
        /// `HEAD` (RFC 9110 §9.3.2); the response has no body.
        public static let head = Method(rawValue: "HEAD")
        /// `POST` (RFC 9110 §9.3.3).
        public static let post = Method(rawValue: "POST")
        /// `PUT` (RFC 9110 §9.3.4).
        public static let put = Method(rawValue: "PUT")
        /// `DELETE` (RFC 9110 §9.3.5).
        public static let delete = Method(rawValue: "DELETE")
        /// `OPTIONS` (RFC 9110 §9.3.7).
        public static let options = Method(rawValue: "OPTIONS")
        /// `PATCH` (RFC 5789).
        public static let patch = Method(rawValue: "PATCH")

        /// The method token.
        public var description: String { rawValue }
    }

    /// Whether a 3xx answer is returned to the caller or followed.
    public enum RedirectPolicy: Sendable, Hashable {
        /// Return the 3xx response as it is. The default: a connector that did not expect a
        /// redirect should see it rather than silently talk to another host.
        case doNotFollow
        /// Follow up to `limit` redirects, to http and https URLs only.
        case follow(limit: Int)
    }

    /// The request method.
    public var method: Method
    /// The absolute `http://` or `https://` URL, query included.
    public var url: String
    /// Header fields in the order they are sent. libcurl adds `Host`, `Content-Length` and
    /// `User-Agent` (from the client's configuration unless given here).
    public var headers: OutboundHeaders
    /// The request body; sent with `Content-Length`. Empty means no body (for `POST`, `PUT` and
    /// `PATCH`: an empty body with `Content-Length: 0`).
    public var body: [UInt8]
    /// Overrides the client's connect timeout for this request.
    public var connectTimeout: Duration?
    /// Overrides the client's total timeout (connect, send, wait, receive) for this request.
    public var totalTimeout: Duration?
    /// What to do with a 3xx answer.
    public var redirects: RedirectPolicy

    /// Creates a request; everything but the URL has a default.
    public init(
        method: Method = .get,
        url: String,
        headers: OutboundHeaders = [:],
        body: [UInt8] = [],
        connectTimeout: Duration? = nil,
        totalTimeout: Duration? = nil,
        redirects: RedirectPolicy = .doNotFollow
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.redirects = redirects
    }
}
