public import Foundation
public import Postgres

/// Secrets at rest (issue 3 §8): connector credentials and the like, sealed with AES-256-GCM
/// under the keyring's current key, one row per (partner, purpose) in `secrets`, the key's id
/// beside each ciphertext and registered in `encryption_keys`.
///
/// Secrets checks the tenant (row-level security and an explicit `partner_id`), not
/// permissions: the store that owns the secret (connections, say) decides who may set it.
/// Plaintext never reaches the audit log, which records the purpose only.
public enum Secrets {
    static let columns = "id, partner_id, customer_id, purpose, key_id, created_at, updated_at"
    // The existing row, locked so concurrent puts of one purpose take turns, and a fresh id in
    // case there is none: the id is part of the additional data, so it is needed before sealing.
    static let lockSQL = """
        SELECT (SELECT id FROM secrets WHERE partner_id = $1 AND purpose = $2 FOR UPDATE), uuid_v7()
        """
    // A retired key that is current again (an operator rolled back) becomes active again.
    static let registerKeySQL = """
        INSERT INTO encryption_keys (id) VALUES ($1)
        ON CONFLICT (id) DO UPDATE SET status = 'active', retired_at = NULL WHERE encryption_keys.status = 'retired'
        """
    static let insertSQL = """
        INSERT INTO secrets (partner_id, id, customer_id, purpose, key_id, sealed) VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (partner_id, purpose) DO NOTHING RETURNING \(columns)
        """
    static let replaceSQL = """
        UPDATE secrets SET customer_id = $3, key_id = $4, sealed = $5 WHERE partner_id = $1 AND id = $2
        RETURNING \(columns)
        """
    static let getSQL = "SELECT id, key_id, sealed FROM secrets WHERE partner_id = $1 AND purpose = $2"
    static let deleteSQL = "DELETE FROM secrets WHERE partner_id = $1 AND purpose = $2 RETURNING id, customer_id"

    /// The purpose as the audit log records it: the only thing about a secret that is.
    struct AuditView: Encodable {
        var purpose: String
    }

    /// Stores `value` for `purpose` in the caller's partner, replacing what was there.
    ///
    /// - Parameter customerID: the customer the secret belongs to, so it goes when the
    ///   customer does and customer-scoped sessions see only their own; nil for partner-wide
    ///   (or, for a customer-scoped caller, their own customer).
    /// - Throws: `TenancyError.invalid("purpose", …)` for an empty, over-long or control
    ///   character purpose.
    @discardableResult
    public static func put(_ value: SecretValue, purpose: String, customerID: UUID? = nil, box: SecretBox,
                           by caller: Caller, on connection: PostgresConnection) throws -> StoredSecret {
        try InputRules.check(purposeProblem(purpose))
        let partnerID = caller.principal.partnerID
        let customerID = customerID ?? caller.principal.customerID
        _ = try connection.execute(PostgresQuery(unsafeSQL: registerKeySQL, binds: [box.keyring.currentKeyID]))
        var stored: StoredSecret?
        // Twice at most: an insert loses to a concurrent put of the same new purpose only once,
        // after which the row exists and is locked on the second pass.
        for _ in 0..<2 where stored == nil {
            let (existingID, freshID) = try connection.query(PostgresQuery(unsafeSQL: lockSQL, binds: [
                partnerID, purpose,
            ])).single().decode((UUID?, UUID).self)
            let id = existingID ?? freshID
            let sealed = try box.seal(value, for: SecretBinding(partnerID: partnerID, secretID: id, purpose: purpose))
            let query = existingID == nil
                ? PostgresQuery(unsafeSQL: insertSQL, binds: [partnerID, id, customerID, purpose, sealed.keyID, sealed.sealed])
                : PostgresQuery(unsafeSQL: replaceSQL, binds: [partnerID, id, customerID, sealed.keyID, sealed.sealed])
            stored = try connection.query(query).first.map(decode)
        }
        guard let stored else { throw TenancyError.conflict(FieldProblem(field: "purpose", message: "is being changed concurrently")) }
        try AuditLog.record(AuditChange(action: "secret.put", partnerID: partnerID, customerID: stored.customerID,
                                        targetType: "secret", targetID: stored.id.uuidString,
                                        after: AuditView(purpose: purpose)),
                            by: caller, on: connection)
        return stored
    }

    /// The secret stored for `purpose` in the principal's tenant.
    /// - Throws: `TenancyError.notFound("secret")` when there is none visible;
    ///   `SecretError` when it cannot be opened.
    public static func get(_ purpose: String, box: SecretBox, for principal: Principal,
                           on connection: PostgresConnection) throws -> SecretValue {
        guard let row = try connection.query(PostgresQuery(unsafeSQL: getSQL, binds: [principal.partnerID, purpose])).first else {
            throw TenancyError.notFound("secret")
        }
        let (id, keyID, sealed) = try row.decode((UUID, String, [UInt8]).self)
        return try box.open(SealedSecret(keyID: keyID, sealed: sealed),
                            for: SecretBinding(partnerID: principal.partnerID, secretID: id, purpose: purpose))
    }

    /// Deletes the secret for `purpose`.
    /// - Throws: `TenancyError.notFound("secret")` when there is none visible.
    public static func delete(_ purpose: String, by caller: Caller, on connection: PostgresConnection) throws {
        let partnerID = caller.principal.partnerID
        guard let row = try connection.query(PostgresQuery(unsafeSQL: deleteSQL, binds: [partnerID, purpose])).first else {
            throw TenancyError.notFound("secret")
        }
        let (id, customerID) = try row.decode((UUID, UUID?).self)
        try AuditLog.record(AuditChange(action: "secret.delete", partnerID: partnerID, customerID: customerID,
                                        targetType: "secret", targetID: id.uuidString, before: AuditView(purpose: purpose)),
                            by: caller, on: connection)
    }

    static func purposeProblem(_ purpose: String) -> FieldProblem? {
        if purpose.isEmpty || purpose.count > 200 {
            return FieldProblem(field: "purpose", message: "must be 1–200 characters")
        }
        if purpose.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return FieldProblem(field: "purpose", message: "must not contain control characters")
        }
        return nil
    }

    static func decode(_ row: PostgresRow) throws -> StoredSecret {
        let (id, partnerID, customerID, purpose, keyID, createdAt, updatedAt) =
            try row.decode((UUID, UUID, UUID?, String, String, Date, Date).self)
        return StoredSecret(id: id, partnerID: partnerID, customerID: customerID, purpose: purpose, keyID: keyID,
                            createdAt: createdAt, updatedAt: updatedAt)
    }
}
