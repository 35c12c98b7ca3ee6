public import Crypto

/// The master keys secrets are sealed with: the current one, which seals everything new, and
/// earlier ones still accepted for opening while `KeyRotation` moves their secrets over.
///
/// Keys are named by a derived id (`keyID(of:)`), stored beside each ciphertext, so the
/// configuration carries keys only and a ciphertext says which key opens it. `description`
/// shows ids only: a keyring interpolated into a log line gives nothing away.
public struct Keyring: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The key that seals.
    public let current: SymmetricKey
    /// `current`'s id.
    public let currentKeyID: String
    private let keysByID: [String: SymmetricKey]
    /// Ids of the earlier keys, in configuration order.
    public let previousKeyIDs: [String]

    /// A keyring sealing with `current` and also opening with `previous`. A previous key equal
    /// to the current one, or repeated, is kept once.
    public init(current: SymmetricKey, previous: [SymmetricKey] = []) {
        self.current = current
        currentKeyID = Self.keyID(of: current)
        var keysByID = [currentKeyID: current]
        var previousKeyIDs: [String] = []
        for key in previous {
            let id = Self.keyID(of: key)
            guard keysByID[id] == nil else { continue }
            keysByID[id] = key
            previousKeyIDs.append(id)
        }
        self.keysByID = keysByID
        self.previousKeyIDs = previousKeyIDs
    }

    /// The message the key id is a MAC of; fixed, so the id is a pure function of the key.
    static let keyIDLabel = Array("counterpart key id".utf8)

    /// A key's id: the first 8 bytes, as lower-case hex, of HMAC-SHA256(key, "counterpart key
    /// id"). HMAC under the key itself is a PRF output (RFC 2104 §6), so the id says nothing
    /// about the key, yet anyone holding the key derives the same id — no id to configure or
    /// keep in step. 64 bits make an accidental collision between a deployment's keys
    /// negligible (about 2⁻⁶⁴ per pair).
    public static func keyID(of key: SymmetricKey) -> String {
        let mac = key.withUnsafeBytes { bytes in HMAC.sha256(key: bytes, message: keyIDLabel) }
        return Hex.encode(mac.prefix(8))
    }

    /// The key with `id`, current or previous; nil when the keyring does not hold it.
    public func key(withID id: String) -> SymmetricKey? {
        keysByID[id]
    }

    /// Every key id the keyring opens, current first.
    public var keyIDs: [String] { [currentKeyID] + previousKeyIDs }

    /// The same keyring without its previous keys: what remains once rotation is complete and
    /// the old keys are dropped from the configuration.
    public var currentOnly: Keyring { Keyring(current: current) }

    /// The key ids, never key bytes.
    public var description: String {
        "Keyring(current: \(currentKeyID), previous: [\(previousKeyIDs.joined(separator: ", "))])"
    }

    /// As `description`.
    public var debugDescription: String { description }
}
