/// A synchronous, thread-safe HTTP/1.1 and HTTP/2 client over libcurl, for connectors talking to
/// other systems (WooCommerce REST, Tryton JSON-RPC, outbound webhooks).
///
/// `send` blocks the calling thread until the exchange ends — callers are worker threads that
/// block on libpq too — and may be called from many threads at once. Kept-alive connections are
/// reused across calls: the client recycles libcurl easy handles, each with its own connection
/// cache (see ``Configuration/maxPooledHandles``).
///
/// What the client always does, whatever a request asks:
/// - verifies TLS certificates and host names (`CURLOPT_SSL_VERIFYPEER` 1, `VERIFYHOST` 2);
/// - speaks only http and https, also when following a redirect, so a URL cannot read `file://`;
/// - follows redirects only when the request says so;
/// - ignores proxy environment variables unless a proxy is configured.
///
///     let client = try HTTPClient(configuration: .init(totalTimeout: .seconds(30)))
///     let response = try client.send(OutboundRequest(url: "https://shop.example/wp-json/wc/v3/orders"))
///     let orders = try response.requireSuccess().body
public final class HTTPClient: Sendable {
    /// The settings every request starts from.
    public let configuration: Configuration
    private let pool: HandlePool

    /// Creates a client.
    ///
    /// - Throws: ``ConfigurationError`` for a bad setting, ``HTTPClientError`` of kind
    ///   `internalFailure` when libcurl cannot initialise.
    public init(configuration: Configuration = Configuration()) throws {
        try configuration.validate()
        try LibCurl.requireInitialised()
        self.configuration = configuration
        pool = HandlePool(capacity: configuration.maxPooledHandles)
    }

    /// Sends `request` and waits for the complete response.
    ///
    /// Every response the server sends is returned, whatever its status; use
    /// ``OutboundResponse/requireSuccess()`` to treat non-2xx as an error.
    ///
    /// - Throws: ``HTTPClientError`` when no complete response arrived: timeout, connection or
    ///   TLS failure, an invalid request, a body over the size limit, a malformed reply.
    public func send(_ request: OutboundRequest) throws -> OutboundResponse {
        do {
            try request.validate()
            let handle = try pool.checkOut()
            defer { pool.checkIn(handle) }
            return try Transfer(handle: handle, request: request, configuration: configuration).run()
        } catch var error as HTTPClientError where error.url.isEmpty {
            error.url = RedactedURL(request.url).description
            throw error
        }
    }

    /// The number of idle handles kept for reuse (for tests of the pool's bound).
    var idleHandleCount: Int { pool.idleCount }
}
