public import Logging
import Synchronization

/// Identifiers learnt while a request is handled — who it turned out to be (`partner_id`,
/// `customer_id` once a session or token is authenticated) — for every log line about that
/// request, the access line included. `RequestIDMiddleware` gives each request one; handlers
/// deeper in the chain add to it, and the outer middleware reads it after `next` returns
/// (handlers are synchronous, so by then it is complete).
///
/// Only identifiers go here, never credentials: a token, a password or a cookie value has no
/// business in a log line (issue 3 §8).
public final class RequestLogContext: Sendable {
    private let values = Mutex<Logger.Metadata>([:])

    /// An empty context.
    public init() {}

    /// Records `value` under `key` (`partner_id`, `customer_id`).
    public func set(_ key: String, _ value: String) {
        values.withLock { $0[key] = .string(value) }
    }

    /// What was recorded so far.
    public var metadata: Logger.Metadata {
        values.withLock { $0 }
    }
}

extension Request {
    /// Path parameters that are credentials: a webhook's address is its secret (`/hooks/:token`).
    static let secretParameters: Set<String> = ["token"]

    /// The path as log lines show it: the route's pattern instead when the path carries a
    /// credential, so `/hooks/<token>` is logged as `/hooks/:token`.
    public var loggablePath: String {
        guard let pattern = routePattern, parameters.keys.contains(where: Self.secretParameters.contains) else { return path }
        return pattern
    }

    /// `metadata` with the identifiers this request has gathered so far (request id included).
    public func logMetadata(_ metadata: Logger.Metadata = [:]) -> Logger.Metadata {
        var merged: Logger.Metadata = ["request_id": .string(requestID)]
        if let context = logContext { merged.merge(context.metadata) { $1 } }
        merged.merge(metadata) { $1 }
        return merged
    }
}
