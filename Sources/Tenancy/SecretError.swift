public import Foundation

/// Why a stored secret could not be opened. Neither case carries secret material: only the row
/// and the key id, which are what an operator needs to find the cause.
public enum SecretError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The secret is sealed under a key the keyring does not hold: a key was dropped from
    /// `COUNTERPART_PREVIOUS_MASTER_KEYS` before `counterpart keys rotate` finished, or this
    /// node runs with an older configuration.
    case unknownKey(keyID: String, partnerID: UUID, secretID: UUID)
    /// AES-256-GCM refused the ciphertext: it was altered, or copied from another row or
    /// tenant (the additional data binds it to its own), or the key behind the id is wrong.
    case cannotOpen(keyID: String, partnerID: UUID, secretID: UUID)

    /// What failed and how to fix it, with ids only.
    public var description: String {
        switch self {
        case let .unknownKey(keyID, partnerID, secretID):
            "secret \(secretID) of partner \(partnerID) is sealed with key \(keyID), which is not in the keyring; "
                + "add that key to COUNTERPART_PREVIOUS_MASTER_KEYS and run `counterpart keys rotate`"
        case let .cannotOpen(keyID, partnerID, secretID):
            "secret \(secretID) of partner \(partnerID) failed authentication under key \(keyID): "
                + "its ciphertext was altered or moved from another row"
        }
    }
}
