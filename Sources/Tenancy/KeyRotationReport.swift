/// What a key rotation did, for the command line to print and the audit entry to record. Key
/// ids only, never keys.
public struct KeyRotationReport: Sendable, Codable, Equatable, CustomStringConvertible {
    /// The key everything is sealed with now.
    public var currentKeyID: String
    /// Secrets re-encrypted in this run.
    public var reEncrypted: Int
    /// Of those, how many were under each old key.
    public var reEncryptedByKey: [String: Int]
    /// Keys no secret uses any more, marked `retired` in `encryption_keys` by this run: they
    /// may now be dropped from `COUNTERPART_PREVIOUS_MASTER_KEYS`.
    public var retiredKeyIDs: [String]
    /// Transactions that re-encrypted at least one secret.
    public var batches: Int

    /// A report; the defaults describe a run that changed nothing.
    public init(currentKeyID: String, reEncrypted: Int = 0, reEncryptedByKey: [String: Int] = [:],
                retiredKeyIDs: [String] = [], batches: Int = 0) {
        self.currentKeyID = currentKeyID
        self.reEncrypted = reEncrypted
        self.reEncryptedByKey = reEncryptedByKey
        self.retiredKeyIDs = retiredKeyIDs
        self.batches = batches
    }

    /// Whether the run changed anything; a second run right after a first one does not.
    public var changedAnything: Bool { reEncrypted > 0 || !retiredKeyIDs.isEmpty }

    /// One line for the command line's output.
    public var description: String {
        let perKey = reEncryptedByKey.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        let retired = retiredKeyIDs.isEmpty ? "none" : retiredKeyIDs.joined(separator: ", ")
        return "keys rotate: current key \(currentKeyID); re-encrypted \(reEncrypted) secret(s) in \(batches) batch(es)"
            + (perKey.isEmpty ? "" : " (\(perKey))") + "; retired keys: \(retired)"
    }
}
