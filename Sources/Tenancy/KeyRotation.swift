public import Foundation
public import Logging
internal import Postgres

/// `counterpart keys rotate`: re-encrypts every secret not under the keyring's current key,
/// then retires keys nothing uses any more.
///
/// No downtime: running nodes carry the same keyring (new current key, old keys as previous),
/// so they keep opening secrets under either key while this runs, and they seal new ones under
/// the current key. Each batch is its own short transaction that locks only its rows with
/// `FOR UPDATE SKIP LOCKED`, so a node writing a secret is never blocked and the rotation steps
/// around it. Only a last sweep waits for rows that stayed locked throughout.
///
/// Idempotent: a second run finds nothing under an old key and nothing to retire, changes no
/// row and writes no audit entry.
public enum KeyRotation {
    /// Secrets re-encrypted per transaction unless told otherwise.
    public static let defaultBatchSize = 100

    static let claimSQL = """
        SELECT partner_id, id, purpose, key_id, sealed FROM secrets WHERE key_id <> $1
        ORDER BY partner_id, id LIMIT $2 FOR UPDATE SKIP LOCKED
        """
    // The last sweep waits for locks instead of skipping, so rows a long transaction held
    // during the whole run are rotated too.
    static let claimWaitingSQL = """
        SELECT partner_id, id, purpose, key_id, sealed FROM secrets WHERE key_id <> $1
        ORDER BY partner_id, id LIMIT $2 FOR UPDATE
        """
    static let resealSQL = "UPDATE secrets SET key_id = $3, sealed = $4 WHERE partner_id = $1 AND id = $2"
    static let retireSQL = """
        UPDATE encryption_keys k SET status = 'retired', retired_at = $2
        WHERE k.status = 'active' AND k.id <> $1 AND NOT EXISTS (SELECT 1 FROM secrets s WHERE s.key_id = k.id)
        RETURNING k.id
        """

    /// Rotates every partner's secrets to `keyring`'s current key, `batchSize` per
    /// transaction, across all partners (the platform-wide `TenantScope.system`), and records
    /// one `keys.rotate` entry in the platform partner's audit log when anything changed.
    ///
    /// - Throws: `SecretError` when a secret is under a key the keyring lacks or fails to open
    ///   (batches before it stay committed; fix the keyring and run again).
    public static func rotate(keyring: Keyring, batchSize: Int = defaultBatchSize, now: Date,
                              database: TenantDatabase, logger: Logger) throws -> KeyRotationReport {
        precondition(batchSize > 0, "KeyRotation.rotate: batchSize must be positive")
        let box = SecretBox(keyring: keyring)
        let currentKeyID = keyring.currentKeyID
        var report = KeyRotationReport(currentKeyID: currentKeyID)
        try database.transaction(.system) { connection in
            _ = try connection.execute(PostgresQuery(unsafeSQL: Secrets.registerKeySQL, binds: [currentKeyID]))
        }
        logger.info("keys rotate: starting", metadata: ["keyring": "\(keyring)", "batch_size": "\(batchSize)"])
        for claimSQL in [claimSQL, claimWaitingSQL] {
            while true {
                let counts = try database.transaction(.system) { connection in
                    try reseal(claimSQL: claimSQL, batchSize: batchSize, box: box, on: connection)
                }
                if counts.isEmpty { break }
                report.batches += 1
                for (keyID, count) in counts {
                    report.reEncrypted += count
                    report.reEncryptedByKey[keyID, default: 0] += count
                }
                logger.info("keys rotate: batch committed", metadata: [
                    "batch": "\(report.batches)", "re_encrypted": "\(counts.values.reduce(0, +))",
                    "total": "\(report.reEncrypted)",
                ])
            }
        }
        try database.transaction(.system) { connection in
            report.retiredKeyIDs = try connection.query(PostgresQuery(unsafeSQL: retireSQL, binds: [currentKeyID, now]))
                .map { try $0.decode(String.self, at: 0) }.sorted()
            guard report.changedAnything else { return }
            let platformPartnerID = try Partners.platformPartnerID(on: connection)
            let caller = Caller(principal: .system(platformPartnerID: platformPartnerID))
            try AuditLog.record(AuditChange(action: "keys.rotate", partnerID: platformPartnerID,
                                            targetType: "encryption_key", targetID: currentKeyID, after: report),
                                by: caller, on: connection)
        }
        logger.info("\(report)")
        return report
    }

    /// Re-encrypts one batch; returns how many secrets were under each old key (empty when
    /// there was nothing left to claim).
    private static func reseal(claimSQL: String, batchSize: Int, box: SecretBox,
                               on connection: PostgresConnection) throws -> [String: Int] {
        let rows = try connection.query(PostgresQuery(unsafeSQL: claimSQL, binds: [box.keyring.currentKeyID, batchSize]))
        var counts: [String: Int] = [:]
        for row in rows {
            let (partnerID, id, purpose, keyID, sealed) = try row.decode((UUID, UUID, String, String, [UInt8]).self)
            let binding = SecretBinding(partnerID: partnerID, secretID: id, purpose: purpose)
            let value = try box.open(SealedSecret(keyID: keyID, sealed: sealed), for: binding)
            let resealed = try box.seal(value, for: binding)
            _ = try connection.execute(PostgresQuery(unsafeSQL: resealSQL, binds: [
                partnerID, id, resealed.keyID, resealed.sealed,
            ]))
            counts[keyID, default: 0] += 1
        }
        return counts
    }
}
