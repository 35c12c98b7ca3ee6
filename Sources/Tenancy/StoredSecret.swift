public import Foundation

/// What is known about a stored secret without opening it: where it belongs and which key
/// sealed it. Safe to list, log and show; the ciphertext and plaintext are not in it.
public struct StoredSecret: Sendable, Codable, Equatable {
    public var id: UUID
    public var partnerID: UUID
    /// The customer it belongs to; nil for partner-wide secrets.
    public var customerID: UUID?
    /// What it is for (`connection/<uuid>/consumer_secret`).
    public var purpose: String
    /// The id of the key that sealed it (`Keyring.keyID(of:)`).
    public var keyID: String
    public var createdAt: Date
    public var updatedAt: Date
}
