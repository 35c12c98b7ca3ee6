public import Logging
import Sockets

/// One log line per request through swift-log, at `info`: method, path, status, bytes,
/// duration and request id (run it inside `RequestIDMiddleware`). Query strings are left out
/// of the log because they can carry tokens, and a path that carries one (`/hooks/<token>`) is
/// logged as its route's pattern.
public struct AccessLogMiddleware: Middleware {
    private let logger: Logger

    /// Logs to `logger`; its level decides whether access lines are written at all.
    public init(logger: Logger) {
        self.logger = logger
    }

    public func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
        // Decided once per request, before timing anything: at `warning` the log costs nothing.
        guard logger.logLevel <= .info else { return try next(request) }
        let started = MonotonicClock.nanoseconds()
        let response = try next(request)
        let micros = (MonotonicClock.nanoseconds() - started) / 1_000
        // With the partner and customer the handler authenticated, when it did.
        logger.info("\(request.method) \(request.loggablePath) \(response.status.code)", metadata: request.logMetadata([
            "status": "\(response.status.code)",
            "bytes": "\(response.body.count)",
            "duration_ms": "\(Double(micros) / 1_000)",
            "remote": "\(request.remoteAddress ?? "-")",
        ]))
        return response
    }
}
