/// The protocol version of a request line; only HTTP/1.0 and HTTP/1.1 are spoken here
/// (anything else that looks like HTTP gets 505 from the parser).
public enum HTTPVersion: Sendable, Equatable {
    case http1_0
    case http1_1

    /// The version as it appears on the wire.
    public var text: String {
        switch self {
        case .http1_0: "HTTP/1.0"
        case .http1_1: "HTTP/1.1"
        }
    }
}
