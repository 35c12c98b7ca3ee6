/// A complete HTTP request as handlers see it: head, the whole body, and what routing and
/// middleware added (path parameters, request id).
public struct Request: Sendable {
    /// The method.
    public var method: HTTPMethod
    /// The request target exactly as sent (origin-form `/path?query`, or the path and query
    /// taken from an absolute-form target).
    public var target: String
    /// The path part of the target, still percent-encoded.
    public var path: String
    /// The query part of the target without `?`, still percent-encoded; nil when absent.
    public var query: String?
    /// HTTP/1.0 or HTTP/1.1.
    public var version: HTTPVersion
    /// The header fields in arrival order.
    public var headers: HTTPHeaders
    /// The body, de-chunked; empty when there was none.
    public var body: [UInt8]
    /// Path parameters captured by the router (`/customers/:id` → `["id": "42"]`),
    /// percent-decoded.
    public var parameters: [String: String] = [:]
    /// The request id (from a valid incoming `X-Request-Id`, or generated); set by
    /// `RequestIDMiddleware`.
    public var requestID: String = ""
    /// Identifiers found while handling (partner, customer) for the request's log lines; set by
    /// `RequestIDMiddleware`.
    public var logContext: RequestLogContext?
    /// The pattern of the route answering (`/hooks/:token`), set by the router before the
    /// middleware runs.
    public var routePattern: String?
    /// The peer's address as `host:port`, when known.
    public var remoteAddress: String?
    /// Whether the client wants the connection kept open afterwards (RFC 9112 §9.3).
    public var keepAlive: Bool = true

    /// A request built by hand (tests, the router's own unit tests).
    public init(method: HTTPMethod, target: String, version: HTTPVersion = .http1_1,
                headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            query = String(target[target.index(after: mark)...])
        } else {
            path = target
            query = nil
        }
    }

    /// A request whose target the parser has already split.
    init(method: HTTPMethod, target: String, path: String, query: String?, version: HTTPVersion) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.version = version
        self.headers = HTTPHeaders()
        self.body = []
    }

    /// The decoded query parameters (`a=1&b=two%20words`), first value wins per name.
    public var queryParameters: [String: String] {
        guard let query else { return [:] }
        var result: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(parts[0], plusAsSpace: true) ?? String(parts[0])
            let value = parts.count > 1 ? (PercentDecoding.decode(parts[1], plusAsSpace: true) ?? String(parts[1])) : ""
            if result[name] == nil { result[name] = value }
        }
        return result
    }
}

/// `%XX` decoding (RFC 3986 §2.1) that refuses malformed escapes and invalid UTF-8 instead of
/// guessing.
public enum PercentDecoding {
    /// Decodes `text`; nil when an escape is malformed or the result is not UTF-8.
    public static func decode(_ text: some StringProtocol, plusAsSpace: Bool = false) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusAsSpace:
                bytes.append(ASCII.space)
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
