public import Foundation

/// What is known about a stored secret without opening it: where it belongs and which key
/// sealed it. Safe to list, log and show; the ciphertext and plaintext are not in it.
public struct StoredSecret: Sendable, Codable, Equatable {
    /// The row's id, bound into the ciphertext.
    public var id: UUID
    /// The owning partner.
    public var partnerID: UUID
    /// The customer it belongs to; nil for partner-wide secrets.
    public var customerID: UUID?
    /// What it is for (`connection/<uuid>/consumer_secret`).
    public var purpose: String
    /// The id of the key that sealed it (`Keyring.keyID(of:)`).
    public var keyID: String
    /// When the purpose was first stored.
    public var createdAt: Date
    /// When the value was last put (or re-encrypted by a key rotation).
    public var updatedAt: Date
}
