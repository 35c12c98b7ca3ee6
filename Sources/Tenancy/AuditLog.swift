public import Foundation
public import Postgres

/// Writes and reads the append-only audit log (Migrations/0001: `audit_log`). Writes happen on
/// the caller's connection, inside the transaction that makes the change, so a change and its
/// record commit or roll back together.
public enum AuditLog {
    static let insertSQL = """
        INSERT INTO audit_log (partner_id, actor_kind, actor_user_id, actor_email, actor_role, actor_token_id,
                               customer_id, action, target_type, target_id, before, after, request_id, remote_address)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb, $13, $14)
        """

    /// Records `change`, made by `caller`, in the current transaction.
    public static func record(_ change: AuditChange, by caller: Caller, on connection: PostgresConnection) throws {
        let principal = caller.principal
        let actorKind: String = switch principal.credential {
        case .system: "system"
        case .apiToken: "api_token"
        case .session: principal.partnerID == change.partnerID ? "user" : "platform"
        }
        let binds: [any PostgresEncodable] = [
            change.partnerID, actorKind, principal.userID, principal.email, principal.role.rawValue,
            principal.apiTokenID, change.customerID, change.action, change.targetType, change.targetID,
            change.before, change.after, caller.requestID, caller.remoteAddress,
        ]
        _ = try connection.execute(PostgresQuery(unsafeSQL: insertSQL, binds: binds))
    }

    // Newest first; the id is a UUIDv7, so id order is time order and the cursor is the last
    // id seen. Each filter is a parameter that is either NULL (ignored) or compared.
    static let listSQL = """
        SELECT id, partner_id, occurred_at, actor_kind, actor_user_id, actor_email, actor_role, actor_token_id,
               customer_id, action, target_type, target_id, before::text, after::text, request_id, remote_address
        FROM audit_log
        WHERE ($1::uuid IS NULL OR id < $1)
          AND ($2::text IS NULL OR action = $2)
          AND ($3::uuid IS NULL OR actor_user_id = $3)
          AND ($4::text IS NULL OR target_type = $4)
          AND ($5::text IS NULL OR lower(target_id) = lower($5))
          AND ($6::uuid IS NULL OR customer_id = $6)
          AND ($7::timestamptz IS NULL OR occurred_at >= $7)
          AND ($8::timestamptz IS NULL OR occurred_at < $8)
        ORDER BY id DESC
        LIMIT $9
        """

    /// Entries matching `filter`, newest first, after the entry `cursor` (exclusive).
    public static func list(_ filter: AuditFilter, after cursor: UUID?, limit: Int,
                            on connection: PostgresConnection) throws -> [AuditEntry] {
        let binds: [any PostgresEncodable] = [
            cursor, filter.action, filter.actorUserID, filter.targetType, filter.targetID, filter.customerID,
            filter.since, filter.until, limit,
        ]
        return try connection.query(PostgresQuery(unsafeSQL: listSQL, binds: binds)).map { row in
            let (id, partnerID, occurredAt, actorKind, actorUserID, actorEmail, actorRole, actorTokenID,
                 customerID, action, targetType, targetID, before, after, requestID, remoteAddress) = try row.decode(
                (UUID, UUID, Date, String, UUID?, String?, String?, UUID?,
                 UUID?, String, String, String?, String?, String?, String?, String?).self)
            return AuditEntry(
                id: id, partnerID: partnerID, occurredAt: occurredAt, actorKind: actorKind, actorUserID: actorUserID,
                actorEmail: actorEmail, actorRole: actorRole, actorTokenID: actorTokenID, customerID: customerID,
                action: action, targetType: targetType, targetID: targetID, before: before, after: after,
                requestID: requestID, remoteAddress: remoteAddress)
        }
    }
}
