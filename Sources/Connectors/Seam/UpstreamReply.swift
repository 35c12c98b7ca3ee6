/// What another system answered when a call failed: enough for an operator to see what it said
/// without the whole page, and without credentials (connectors never put request headers here).
public struct UpstreamReply: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The HTTP status (or nil when there was no HTTP answer: SFTP, a dropped connection).
    public var status: Int?
    /// The start of the body or the protocol's message, at most ``excerptLimit`` characters.
    public var excerpt: String

    /// The most of a reply kept with an error.
    public static let excerptLimit = 512

    /// Creates a reply; the excerpt is cut to ``excerptLimit`` characters.
    public init(status: Int?, excerpt: String) {
        self.status = status
        self.excerpt = excerpt.count > Self.excerptLimit ? String(excerpt.prefix(Self.excerptLimit)) + "…" : excerpt
    }

    /// Creates a reply from raw body bytes (decoded as UTF-8, invalid sequences replaced).
    public init(status: Int?, body: some Collection<UInt8>) {
        self.init(status: status, excerpt: String(decoding: body.prefix(Self.excerptLimit * 4), as: UTF8.self))
    }

    /// `HTTP 429: {"code":…}`.
    public var description: String {
        let head = status.map { "HTTP \($0)" } ?? "no HTTP status"
        return excerpt.isEmpty ? head : "\(head): \(excerpt)"
    }
}
