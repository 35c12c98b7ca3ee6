/// A connector call that failed, classed the way DESIGN.md's worker pool decides on it:
///
/// - **transient** — timeouts, dropped connections, 5xx, 429 with its `Retry-After`: retry later
///   with back-off, nothing is wrong with the message.
/// - **permanent** — the connection itself is wrong (credentials refused, URL not the API,
///   endpoint gone): pause the connection and alert; retrying the message will not help.
/// - **business** — this record cannot be applied (unknown SKU, a validation rule the other
///   system enforces): the message goes to the exception queue with this text.
///
/// The message says what happened and what to fix; `upstream` keeps what the system answered.
public struct ConnectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The three classes.
    public enum Class: String, Sendable, Hashable, Codable, CaseIterable {
        /// Retry later.
        case transient
        /// Fix the connection; pause it.
        case permanent
        /// Fix the record; exception queue.
        case business
    }

    /// Which class.
    public var errorClass: Class
    /// What happened and what to do, in a sentence an operator can act on.
    public var message: String
    /// What the system answered, when it answered.
    public var upstream: UpstreamReply?
    /// How long the system asked us to wait (`Retry-After`), for a transient error.
    public var retryAfter: Duration?
    /// What the error is about, e.g. `SKU TSHIRT-RED-M` or `order 1234`, when it is about one record.
    public var subject: String?

    /// Creates an error.
    public init(_ errorClass: Class, _ message: String, upstream: UpstreamReply? = nil, retryAfter: Duration? = nil,
                subject: String? = nil) {
        self.errorClass = errorClass
        self.message = message
        self.upstream = upstream
        self.retryAfter = retryAfter
        self.subject = subject
    }

    /// A transient error.
    public static func transient(_ message: String, upstream: UpstreamReply? = nil, retryAfter: Duration? = nil) -> ConnectorError {
        ConnectorError(.transient, message, upstream: upstream, retryAfter: retryAfter)
    }

    /// A permanent error.
    public static func permanent(_ message: String, upstream: UpstreamReply? = nil) -> ConnectorError {
        ConnectorError(.permanent, message, upstream: upstream)
    }

    /// A business error about one record.
    public static func business(_ message: String, subject: String? = nil, upstream: UpstreamReply? = nil) -> ConnectorError {
        ConnectorError(.business, message, upstream: upstream, subject: subject)
    }

    /// The same error about a record.
    public func about(_ subject: String) -> ConnectorError {
        var copy = self
        copy.subject = subject
        return copy
    }

    /// `business: SKU X: message (HTTP 400: …)`.
    public var description: String {
        var text = "\(errorClass.rawValue): "
        if let subject { text += "\(subject): " }
        text += message
        if let upstream { text += " (\(upstream))" }
        if let retryAfter { text += " [retry after \(retryAfter)]" }
        return text
    }
}
