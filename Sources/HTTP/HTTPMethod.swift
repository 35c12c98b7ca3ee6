/// A request method (RFC 9110 §9). The common ones are cases; any other valid token is kept
/// as `.other` so the router can answer 501 for it rather than the parser guessing.
public enum HTTPMethod: Sendable, Hashable, CustomStringConvertible {
    case get, head, post, put, patch, delete, options
    case other(String)

    /// Maps method bytes (already checked to be a token) to a method without allocating for
    /// the common cases.
    init(token bytes: UnsafeRawBufferPointer) {
        switch bytes.count {
        case 3 where ASCII.equals(bytes, "GET"): self = .get
        case 3 where ASCII.equals(bytes, "PUT"): self = .put
        case 4 where ASCII.equals(bytes, "POST"): self = .post
        case 4 where ASCII.equals(bytes, "HEAD"): self = .head
        case 5 where ASCII.equals(bytes, "PATCH"): self = .patch
        case 6 where ASCII.equals(bytes, "DELETE"): self = .delete
        case 7 where ASCII.equals(bytes, "OPTIONS"): self = .options
        default: self = .other(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Parses a method name as a router or test would write it.
    public init(_ name: String) {
        var name = name
        self = name.withUTF8 { HTTPMethod(token: UnsafeRawBufferPointer($0)) }
    }

    public var description: String {
        switch self {
        case .get: "GET"
        case .head: "HEAD"
        case .post: "POST"
        case .put: "PUT"
        case .patch: "PATCH"
        case .delete: "DELETE"
        case .options: "OPTIONS"
        case .other(let name): name
        }
    }
}
