/// The protocol version of a request line; only HTTP/1.0 and HTTP/1.1 are spoken here.
public enum HTTPVersion: Sendable, Equatable {
    case http1_0
    case http1_1
}
