public import CoreMetrics
import Synchronization

/// What the server and router record about HTTP (issue 7 §6), through swift-metrics' API so
/// that App chooses the backend (Prometheus). Labels come only from small fixed sets — method,
/// the route's *pattern* (never the path, which carries ids), the status class — so one busy
/// customer cannot grow the series count.
///
/// Recording is cheap: a metric handle per label set is made once and cached, so a request
/// costs one dictionary lookup under a lock and a few atomic adds.
public final class HTTPMetrics: Sendable {
    private struct RequestKey: Hashable {
        var method: String
        var route: String
        var statusClass: String
    }

    private struct DurationKey: Hashable {
        var method: String
        var route: String
    }

    private let factory: any MetricsFactory
    private let requests = Mutex<[RequestKey: Counter]>([:])
    private let durations = Mutex<[DurationKey: Timer]>([:])
    private let inFlight: Meter
    private let openConnections: Meter
    private let handlerPoolRejections: Counter
    private let connectionRejections: Counter

    /// Metrics made by `factory`; the default is whatever `MetricsSystem` was bootstrapped with
    /// (nothing is recorded before a bootstrap).
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        inFlight = Meter(label: "http_requests_in_flight", factory: factory)
        openConnections = Meter(label: "http_open_connections", factory: factory)
        handlerPoolRejections = Counter(label: "http_rejected_total", dimensions: [("reason", "handler_pool_full")], factory: factory)
        connectionRejections = Counter(label: "http_rejected_total", dimensions: [("reason", "too_many_connections")], factory: factory)
    }

    /// The method as a label: the standard ones by name, any extension method as `OTHER`
    /// (a client can invent those at will).
    static func methodLabel(_ method: HTTPMethod) -> String {
        if case .other = method { return "OTHER" }
        return method.description
    }

    /// `2xx`, `4xx`…: the status class as a label.
    static func statusClassLabel(_ status: HTTPStatus) -> String {
        switch status.code / 100 {
        case 1: "1xx"
        case 2: "2xx"
        case 3: "3xx"
        case 4: "4xx"
        default: "5xx"
        }
    }

    /// A request has begun running its route.
    func requestStarted() {
        inFlight.increment()
    }

    /// A request was answered by `route` with `status` after `nanoseconds`.
    func requestFinished(method: HTTPMethod, route: String, status: HTTPStatus, nanoseconds: UInt64) {
        inFlight.decrement()
        let method = Self.methodLabel(method)
        let key = RequestKey(method: method, route: route, statusClass: Self.statusClassLabel(status))
        let counter = requests.withLock { cache in
            if let counter = cache[key] { return counter }
            let counter = Counter(label: "http_requests_total",
                                  dimensions: [("method", key.method), ("route", key.route), ("status", key.statusClass)],
                                  factory: factory)
            cache[key] = counter
            return counter
        }
        counter.increment()
        let durationKey = DurationKey(method: method, route: route)
        let timer = durations.withLock { cache in
            if let timer = cache[durationKey] { return timer }
            let timer = Timer(label: "http_request_duration_seconds",
                              dimensions: [("method", durationKey.method), ("route", durationKey.route)], factory: factory)
            cache[durationKey] = timer
            return timer
        }
        timer.recordNanoseconds(Int64(clamping: nanoseconds))
    }

    /// The handler pool's queue was full and the request was answered 503.
    func rejectedByHandlerPool() {
        handlerPoolRejections.increment()
    }

    /// A connection beyond `maxConnections` was answered 503 and closed.
    func rejectedConnection() {
        connectionRejections.increment()
    }

    /// A connection was accepted.
    func connectionOpened() {
        openConnections.increment()
    }

    /// An accepted connection closed.
    func connectionClosed() {
        openConnections.decrement()
    }
}
