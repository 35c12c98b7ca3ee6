import Foundation
import Postgres
import Tenancy

/// `IdempotencyStore` over the `idempotency_keys` table (Migrations/0001), bound to one
/// caller and to the request's own transaction — the contract `IdempotencyStore` documents.
///
/// Keys belong to the user behind the token (a second token of the same user sees the same
/// keys: it is the same client retrying). A concurrent request with the same key waits on the
/// row's unique index until the first commits, then replays its answer; the `scope` argument
/// is unused because the row is keyed by partner and user already.
struct PostgresIdempotencyStore: IdempotencyStore {
    let connection: PostgresConnection
    let principal: Principal
    let now: Date

    /// How long a stored answer is replayed (draft-ietf-httpapi-idempotency-key-header §2.3).
    static let retention: TimeInterval = 24 * 3600

    static let claimSQL = """
        INSERT INTO idempotency_keys (partner_id, user_id, customer_id, key, request_fingerprint, response_status,
                                      response_body, expires_at)
        VALUES ($1, $2, $3, $4, $5, 0, '', $6)
        ON CONFLICT (partner_id, user_id, key) DO UPDATE
            SET request_fingerprint = EXCLUDED.request_fingerprint, response_status = 0, response_headers = '[]',
                response_body = '', expires_at = EXCLUDED.expires_at, created_at = now()
            WHERE idempotency_keys.expires_at <= $7
        RETURNING 1
        """
    static let readSQL = """
        SELECT request_fingerprint, response_status, response_headers::text, response_body FROM idempotency_keys
        WHERE partner_id = $1 AND user_id = $2 AND key = $3
        """
    static let completeSQL = """
        UPDATE idempotency_keys SET response_status = $4, response_headers = $5::jsonb, response_body = $6
        WHERE partner_id = $1 AND user_id = $2 AND key = $3
        """

    func claim(_ key: IdempotencyKey, scope: String, fingerprint: RequestFingerprint) throws -> IdempotencyRecord? {
        // An expired record is taken over (the conditional DO UPDATE), a live one left alone.
        let claimed = try connection.query(PostgresQuery(unsafeSQL: Self.claimSQL, binds: [
            principal.partnerID, principal.userID, principal.customerID, key.value, fingerprint.digest,
            now.addingTimeInterval(Self.retention), now,
        ]))
        if !claimed.isEmpty { return nil }
        let row = try connection.query(PostgresQuery(unsafeSQL: Self.readSQL, binds: [
            principal.partnerID, principal.userID, key.value,
        ])).single()
        let (digest, status, headersJSON, body) = try row.decode(([UInt8], Int, String, [UInt8]).self)
        let stored = RequestFingerprint(digest: digest)
        guard status != 0 else { return .inProgress(stored) }
        let headers = (try? JSONDecoder().decode([[String]].self, from: Data(headersJSON.utf8))) ?? []
        return .completed(stored, StoredResponse(status: status, headers: headers, body: body))
    }

    func complete(_ key: IdempotencyKey, scope: String, fingerprint: RequestFingerprint,
                  response: StoredResponse) throws {
        let headers = String(decoding: try JSONEncoder().encode(response.headers), as: UTF8.self)
        _ = try connection.execute(PostgresQuery(unsafeSQL: Self.completeSQL, binds: [
            principal.partnerID, principal.userID, key.value, response.status, headers, response.body,
        ]))
    }
}
