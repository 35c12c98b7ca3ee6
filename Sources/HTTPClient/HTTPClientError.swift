/// A failed outbound HTTP call. (Placeholder until the HTTPClient module lands.)
public struct HTTPClientError: Error, Sendable {
    public var message: String
}
