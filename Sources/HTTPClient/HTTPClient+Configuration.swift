extension HTTPClient {
    /// Settings shared by every request a client sends; a request may override the timeouts.
    public struct Configuration: Sendable, Hashable {
        /// How long establishing a connection (TCP and TLS) may take. Default 10 s.
        public var connectTimeout: Duration
        /// How long a whole exchange may take, connection included. Default 60 s.
        public var totalTimeout: Duration
        /// The most idle handles, each with its kept-alive connections, the client keeps for
        /// reuse. Concurrent requests beyond it still run, on handles made for them. Default 8.
        public var maxPooledHandles: Int
        /// The `User-Agent` sent unless a request sets its own.
        public var userAgent: String
        /// A PEM file of CA certificates to trust *instead of* the system store (`CURLOPT_CAINFO`);
        /// for tests against a private CA. Nil uses the system's trust store.
        public var caBundlePath: String?
        /// The largest response body accepted, in bytes; a larger one fails with
        /// ``HTTPClientError/Kind/responseTooLarge``. Default 16 MiB.
        public var maxResponseBodySize: Int
        /// An explicit proxy URL (`CURLOPT_PROXY`). Nil means connect directly: libcurl's reading
        /// of `http_proxy`/`https_proxy` from the environment is switched off, so where traffic
        /// goes is decided by the composition root, not by whatever the process inherited.
        public var proxy: String?

        /// Creates a configuration; every setting has a default.
        public init(
            connectTimeout: Duration = .seconds(10),
            totalTimeout: Duration = .seconds(60),
            maxPooledHandles: Int = 8,
            userAgent: String = "Counterpart",
            caBundlePath: String? = nil,
            maxResponseBodySize: Int = 16 << 20,
            proxy: String? = nil
        ) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.maxPooledHandles = maxPooledHandles
            self.userAgent = userAgent
            self.caBundlePath = caBundlePath
            self.maxResponseBodySize = maxResponseBodySize
            self.proxy = proxy
        }

        /// Checks every setting, naming the first bad one.
        ///
        /// - Throws: ``ConfigurationError``.
        public func validate() throws {
            func invalid(_ setting: String, _ reason: String) -> ConfigurationError {
                ConfigurationError(setting: setting, reason: reason)
            }
            // libcurl reads a timeout of 0 as "no timeout", and rounds to milliseconds.
            guard connectTimeout >= .milliseconds(1) else {
                throw invalid("connectTimeout", "must be at least 1 ms, not \(connectTimeout)")
            }
            guard totalTimeout >= .milliseconds(1) else {
                throw invalid("totalTimeout", "must be at least 1 ms, not \(totalTimeout)")
            }
            guard maxPooledHandles >= 0 else {
                throw invalid("maxPooledHandles", "must not be negative, not \(maxPooledHandles)")
            }
            guard maxResponseBodySize > 0 else {
                throw invalid("maxResponseBodySize", "must be positive, not \(maxResponseBodySize)")
            }
            guard !userAgent.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
                throw invalid("userAgent", "must not contain control characters")
            }
            if let caBundlePath, caBundlePath.isEmpty {
                throw invalid("caBundlePath", "must be a file path or nil, not empty")
            }
            if let proxy, proxy.isEmpty {
                throw invalid("proxy", "must be a proxy URL or nil, not empty")
            }
        }
    }

    /// A configuration setting with a value the client cannot work with.
    public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The name of the ``Configuration`` property at fault.
        public var setting: String
        /// What is wrong and what is allowed.
        public var reason: String

        /// A one-line account.
        public var description: String { "HTTP client setting \(setting) \(reason)" }
    }
}
