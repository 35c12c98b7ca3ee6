public import Sockets

/// Everything the server can be told. Defaults suit production behind a load balancer; the
/// App layer fills these from `COUNTERPART_*` environment variables.
public struct ServerConfiguration: Sendable {
    /// Where to listen; port 0 picks a free port (tests).
    public var address: SocketAddress
    /// Event loops (threads running epoll), one per core by default.
    public var eventLoopCount = ProcessLimits.processorCount
    /// Threads that run blocking handlers (database work): `COUNTERPART_WORKERS`.
    public var handlerThreads = 16
    /// Requests that may wait for a handler thread before the server answers 503.
    public var handlerQueueCapacity = 256
    /// Open connections across all loops; past this, new ones get 503 and are closed.
    public var maxConnections = 10_000
    /// Parser limits (request line, header section, field count, body).
    public var limits = HTTPParserLimits()
    /// Longest time from a request's first byte to the end of its head (slowloris guard).
    public var headerTimeout: Duration = .seconds(10)
    /// Longest silence while a body is arriving.
    public var bodyTimeout: Duration = .seconds(30)
    /// How long an idle keep-alive connection is kept.
    public var idleTimeout: Duration = .seconds(60)
    /// Longest time a response may wait for a client that does not read it.
    public var writeTimeout: Duration = .seconds(30)
    /// How long a graceful shutdown waits for in-flight requests.
    public var shutdownGracePeriod: Duration = .seconds(30)
    /// The `Retry-After` seconds sent with 503 when the handler pool is full.
    public var retryAfterSeconds = 1

    /// A configuration listening on `host:port`.
    public init(host: String = "127.0.0.1", port: UInt16 = 8080) {
        self.address = SocketAddress(host: host, port: port)
    }

    /// A configuration listening on `address`.
    public init(address: SocketAddress) {
        self.address = address
    }
}
