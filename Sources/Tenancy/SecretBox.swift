public import Foundation
public import Crypto

/// Where a sealed secret belongs: the additional authenticated data of its AES-256-GCM
/// ciphertext (NIST SP 800-38D §5.2.1), so a ciphertext copied to another row, another
/// purpose or another tenant's row fails to open instead of handing one tenant's credential
/// to another.
public struct SecretBinding: Sendable, Equatable {
    /// The owning partner.
    public var partnerID: UUID
    /// The `secrets` row's id.
    public var secretID: UUID
    /// What the secret is for (`connection/<uuid>/consumer_secret`).
    public var purpose: String

    /// The binding of the secret `secretID` of `partnerID`, stored for `purpose`.
    public init(partnerID: UUID, secretID: UUID, purpose: String) {
        self.partnerID = partnerID
        self.secretID = secretID
        self.purpose = purpose
    }

    /// The additional data for a ciphertext under `keyID`: a version label, the key id and
    /// both UUIDs at fixed lengths, then the purpose. Only the last field varies in length, so
    /// no two bindings share an encoding.
    func additionalData(keyID: String) -> [UInt8] {
        var bytes = Array("counterpart secret v1\u{0}".utf8)
        bytes += Array(keyID.utf8)
        withUnsafeBytes(of: partnerID.uuid) { bytes += $0 }
        withUnsafeBytes(of: secretID.uuid) { bytes += $0 }
        bytes += Array(purpose.utf8)
        return bytes
    }
}

/// A secret as stored: the id of the key that sealed it and `nonce ‖ ciphertext ‖ tag`.
public struct SealedSecret: Sendable, Equatable {
    /// `Keyring.keyID(of:)` of the sealing key.
    public var keyID: String
    /// `AES256GCM.SealedBox.combined`.
    public var sealed: [UInt8]

    /// A stored ciphertext and the id of its key.
    public init(keyID: String, sealed: [UInt8]) {
        self.keyID = keyID
        self.sealed = sealed
    }
}

/// Seals secrets under the keyring's current key and opens them under whichever key they name.
public struct SecretBox: Sendable, CustomStringConvertible {
    /// The keys.
    public let keyring: Keyring

    /// A box over `keyring`.
    public init(keyring: Keyring) {
        self.keyring = keyring
    }

    /// Seals `value` for `binding` under the current key, with a fresh random nonce
    /// (SP 800-38D §8.2.2; 2³² random nonces per key are safe, far beyond our secret count).
    public func seal(_ value: SecretValue, for binding: SecretBinding) throws(CryptoError) -> SealedSecret {
        let keyID = keyring.currentKeyID
        let box = try AES256GCM.seal(value.revealBytes(), key: keyring.current,
                                     authenticating: binding.additionalData(keyID: keyID))
        return SealedSecret(keyID: keyID, sealed: box.combined)
    }

    /// Opens `sealed`, which must have been sealed for exactly `binding`.
    /// - Throws: `SecretError.unknownKey` when the keyring lacks its key, `.cannotOpen` when
    ///   authentication fails (altered, moved, truncated).
    public func open(_ sealed: SealedSecret, for binding: SecretBinding) throws(SecretError) -> SecretValue {
        guard let key = keyring.key(withID: sealed.keyID) else {
            throw .unknownKey(keyID: sealed.keyID, partnerID: binding.partnerID, secretID: binding.secretID)
        }
        do {
            let box = try AES256GCM.SealedBox(combined: sealed.sealed)
            return SecretValue(bytes: try AES256GCM.open(box, key: key,
                                                         authenticating: binding.additionalData(keyID: sealed.keyID)))
        } catch {
            throw .cannotOpen(keyID: sealed.keyID, partnerID: binding.partnerID, secretID: binding.secretID)
        }
    }

    /// The keyring's ids only.
    public var description: String { "SecretBox(\(keyring))" }
}
