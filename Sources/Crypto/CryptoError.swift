/// A failure inside OpenSSL. (Placeholder until the Crypto module lands.)
public struct CryptoError: Error, Sendable {
    public var operation: String
}
