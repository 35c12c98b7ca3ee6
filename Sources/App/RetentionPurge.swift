import Foundation
import Jobs
import Postgres
import Tenancy

/// Retention by tier (issue 7 §6): every day, each customer's finished messages older than the
/// `log_retention_days` of its tier terms in force that day are deleted, payloads included.
///
/// What goes: delivered and skipped messages whose `finished_at` is past the retention; exception
/// and dead messages that someone resolved or ignored, by `resolved_at`. What stays whatever its
/// age: unresolved exceptions and dead messages (someone must act on them), messages still
/// received, processing or retrying, and a message a kept replay points at (`replay_of`; it goes
/// with the replay). Per table:
///
/// - `message_attempts`, `message_ids`: deleted with their message (`ON DELETE CASCADE`, 0009).
/// - `message_locks`: a holder's row is deleted in the same statement (no foreign key; a final
///   message holds none unless its worker died, when the row is stale anyway).
/// - `messages.replay_of`: see above; `messages_replay_of` (0019) keeps the check an index probe.
/// - hub tables (0008), `reconciliation_reports` (0013), `flow_problems` (0014): hold no message
///   ids, untouched. The measurement rollups (issue 7 §1) are tables of their own: kept.
/// - `jobs`: the `flow.message` jobs finished long ago are the queue cleaner's (JobRescuer.clean,
///   completed and cancelled after `WorkerPoolConfiguration.retention`, 7 days by default).
///
/// Deletes go in batches of `batchSize`, each its own transaction, so the purge never holds
/// locks for long; one audit entry per customer and purge records the count, not each message.
struct RetentionPurge: JobHandler {
    /// `retention.purge`.
    static let jobKind = "retention.purge"
    /// The schedule's name (a platform schedule, not a partner's).
    static let scheduleName = "platform:retention-purge"

    let kind = Self.jobKind
    /// The application role's pool; the job runs in the platform scope.
    let database: PostgresPool
    let now: @Sendable () -> Date
    /// Messages deleted per transaction.
    var batchSize = 5_000

    /// What one customer's purge did.
    struct Purged: Equatable, Sendable {
        var partnerID: UUID
        var customerID: UUID
        var retentionDays: Int
        var deleted: Int
    }

    // Each customer with the retention of its tier terms in force on $1 (Billing's rule: the
    // terms with the latest effective_from not after the day). A customer without terms in force
    // keeps everything.
    static let customersSQL = """
        SELECT cu.partner_id, cu.id, t.log_retention_days
        FROM customers cu
        JOIN LATERAL (SELECT tt.log_retention_days FROM tier_terms tt
                      WHERE tt.partner_id = cu.partner_id AND tt.code = cu.tier_code AND tt.effective_from <= $1::date
                      ORDER BY tt.effective_from DESC LIMIT 1) t ON true
        ORDER BY cu.partner_id, cu.id
        """

    // One batch for customer ($1, $2) with cutoff $3. `received_at < $3` holds for every message
    // that finished before $3, and lets messages_customer_received narrow the scan to old rows.
    // The data-modifying CTE runs whether or not it is referenced (PostgreSQL manual §7.8.4).
    static let batchSQL = """
        WITH doomed AS (
            SELECT m.id FROM messages m
            WHERE m.partner_id = $1 AND m.customer_id = $2 AND m.received_at < $3
              AND ((m.status IN ('delivered', 'skipped') AND m.finished_at < $3)
                   OR (m.status IN ('exception', 'dead') AND m.resolution IS NOT NULL AND m.resolved_at < $3))
              AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.partner_id = m.partner_id AND r.replay_of = m.id)
            LIMIT $4
        ), released AS (
            DELETE FROM message_locks l USING doomed d WHERE l.partner_id = $1 AND l.message_id = d.id
        )
        DELETE FROM messages m USING doomed d WHERE m.partner_id = $1 AND m.id = d.id
        """

    /// Purges every customer's expired messages as of `now`; returns the customers with deletions.
    static func purge(now: Date, batchSize: Int = 5_000, on database: PostgresPool) throws -> [Purged] {
        let day = ISO8601DateFormatter.string(from: now, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        let customers = try database.transaction { connection in
            try connection.enter(.system)
            return try connection.query(PostgresQuery(unsafeSQL: customersSQL, binds: [day])).decode((UUID, UUID, Int).self)
        }
        var purged: [Purged] = []
        for (partnerID, customerID, days) in customers {
            let cutoff = now.addingTimeInterval(-Double(days) * 86_400)
            var deleted = 0
            while true {
                let batch = try database.transaction { connection in
                    try connection.enter(.system)
                    return try connection.execute(PostgresQuery(unsafeSQL: batchSQL, binds: [partnerID, customerID, cutoff, batchSize]))
                }
                deleted += batch
                // Until a batch finds nothing: deleting a replay can free the original it kept.
                if batch == 0 { break }
            }
            guard deleted > 0 else { continue }
            let entry = Purged(partnerID: partnerID, customerID: customerID, retentionDays: days, deleted: deleted)
            try database.transaction { connection in
                try connection.enter(.system)
                try AuditLog.record(AuditChange(action: "messages.purge", partnerID: partnerID, customerID: customerID,
                                                targetType: "customer", targetID: customerID.uuidString,
                                                after: AuditDetail(deleted: deleted, retentionDays: days, finishedBefore: cutoff)),
                                    by: Caller(principal: Self.principal(partnerID: partnerID), requestID: "retention.purge"),
                                    on: connection)
            }
            purged.append(entry)
        }
        return purged
    }

    /// What the audit entry says.
    private struct AuditDetail: Encodable {
        var deleted: Int
        var retentionDays: Int
        var finishedBefore: Date

        enum CodingKeys: String, CodingKey {
            case deleted, retentionDays = "retention_days", finishedBefore = "finished_before"
        }
    }

    /// The platform acting on its own schedule, as the audit log names it.
    static func principal(partnerID: UUID) -> Principal {
        Principal(userID: nil, partnerID: partnerID, customerID: nil, role: .platformAdmin, email: "system",
                  name: "retention purge", credential: .system)
    }

    /// Saves the daily schedule (03:17 UTC, a quiet hour; idempotent), in the platform scope.
    static func schedule(now: Date, on connection: PostgresConnection) throws {
        try JobSchedules.save(JobSchedule(name: scheduleName, cron: "17 3 * * *", timeZone: "UTC",
                                          job: NewJob(kind: jobKind, payloadJSON: "{}", maxAttempts: 3), grace: .seconds(6 * 3600)),
                              now: now, on: connection)
    }

    func run(_ job: Job) throws -> JobOutcome {
        _ = try Self.purge(now: now(), batchSize: batchSize, on: database)
        return .completed
    }
}
