public import Foundation
public import Postgres

/// The `message_locks` table (Migrations/0015): while a message's step runs, no other message of
/// the same flow and reference does. A step writes idempotently by looking for what an earlier
/// message made before making it; that look and the make are two calls to another system, so
/// two messages about one order (the shop's webhook and our poll, seconds apart) must not run
/// them side by side, or both would find nothing and both create (found by bench-flow: one order,
/// two sales). Rows, not PostgreSQL's advisory locks: a step holds no database connection while
/// it calls a system, and a row outlives the transactions that take and release it.
enum MessageLocks {
    /// How long a lock holds without its holder releasing it: longer than any step runs. A
    /// holder that died is replaced sooner by its own message's retry, which may take over.
    static let lease: TimeInterval = 15 * 60

    static let acquireSQL = """
        INSERT INTO message_locks (partner_id, lock_key, message_id, expires_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (partner_id, lock_key) DO UPDATE SET message_id = excluded.message_id, expires_at = excluded.expires_at
        WHERE message_locks.message_id = excluded.message_id OR message_locks.expires_at <= $5
        RETURNING message_id
        """
    static let releaseSQL = "DELETE FROM message_locks WHERE partner_id = $1 AND lock_key = $2 AND message_id = $3"

    /// The key of a message in its flow, or nil when it names nothing two messages could share.
    static func key(flow flowID: UUID, reference: String?) -> String? {
        guard let reference, !reference.isEmpty else { return nil }
        return String("\(flowID.uuidString.lowercased()):\(reference)".prefix(300))
    }

    /// Takes the lock for `messageID`, in the caller's transaction; false when another message
    /// holds it. A concurrent taker waits for this transaction and then finds it held.
    static func acquire(_ key: String, for messageID: UUID, partnerID: UUID, now: Date,
                        on connection: PostgresConnection) throws -> Bool {
        try connection.query(PostgresQuery(unsafeSQL: acquireSQL, binds: [
            partnerID, key, messageID, now.addingTimeInterval(lease), now,
        ])).first != nil
    }

    /// Releases the lock if `messageID` still holds it.
    static func release(_ key: String, for messageID: UUID, partnerID: UUID, on connection: PostgresConnection) throws {
        _ = try connection.execute(PostgresQuery(unsafeSQL: releaseSQL, binds: [partnerID, key, messageID]))
    }
}
