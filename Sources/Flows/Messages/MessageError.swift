public import Connectors

/// What went wrong with a message, classed the way the worker pool decides on it.
public struct MessageError: Sendable, Equatable, Encodable {
    /// Transient, permanent or business (`ConnectorError.Class`).
    public var errorClass: ConnectorError.Class
    /// What happened and what to fix.
    public var text: String
    /// The upstream's HTTP status, when it answered.
    public var upstreamStatus: Int?

    enum CodingKeys: String, CodingKey { case errorClass = "class", text, upstreamStatus = "upstream_status" }

    /// The longest text kept (the rest of an upstream's page is not the reason).
    public static let maxTextLength = 4000

    /// Creates an error; the text is cut to ``maxTextLength``.
    public init(_ errorClass: ConnectorError.Class, _ text: String, upstreamStatus: Int? = nil) {
        self.errorClass = errorClass
        self.text = String(text.prefix(Self.maxTextLength))
        self.upstreamStatus = upstreamStatus
    }

    /// A connector's error, with its subject, message and the upstream's excerpt.
    public init(_ error: ConnectorError) {
        self.init(error.errorClass, error.description, upstreamStatus: error.upstream?.status)
    }
}
