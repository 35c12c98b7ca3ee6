import Foundation
import Postgres
import Tenancy
import Testing
import TestSupport
@testable import App

/// Retention by tier (issue 7 §6): each customer's finished messages older than its tier's
/// `log_retention_days` (the terms in force on the purge's day) go with their attempts, ids and
/// locks; unresolved exceptions and dead messages stay whatever their age; one audit entry per
/// customer records the count; a second run finds nothing more.
@Suite struct RetentionPurgeTests {
    /// The injected clock: 16 June 2030, long after the partner's default terms took effect.
    static let now = Date(timeIntervalSince1970: 1_907_841_600)  // 2030-06-16T12:00:00Z

    @Test func deletesExactlyTheExpiredFinishedMessagesOfEachCustomerByItsTierAndKeepsUnresolvedOnes() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner(), otherPartner = try db.makePartner()
            try db.owner.transaction { connection in
                try connection.execute("""
                    UPDATE tier_terms SET log_retention_days = CASE code WHEN 'bronze' THEN 7 WHEN 'gold' THEN 90 ELSE 30 END
                    WHERE partner_id = \(partner.id)
                    """)
                // The other partner's bronze keeps 30 days: its terms, not the first partner's, apply.
                try connection.execute("UPDATE tier_terms SET log_retention_days = 30 WHERE partner_id = \(otherPartner.id)")
                // Terms that take effect next month (1 day) are not in force on the 16th.
                try connection.execute("""
                    INSERT INTO tier_terms (partner_id, code, effective_from, monthly_price, currency, included_transactions,
                                            overage_per_thousand, sla_success_rate, sla_p95_latency_ms, sla_availability,
                                            support_window, support_time_zone, support_start_hour, support_end_hour,
                                            rate_limit_per_minute, concurrency_limit, log_retention_days)
                    SELECT partner_id, code, DATE '2030-07-01', monthly_price, currency, included_transactions, overage_per_thousand,
                           sla_success_rate, sla_p95_latency_ms, sla_availability, support_window, support_time_zone,
                           support_start_hour, support_end_hour, rate_limit_per_minute, concurrency_limit, 1
                    FROM tier_terms WHERE partner_id = \(partner.id) AND code = 'bronze'
                    """)
            }
            let bronze = try customer(db, partner.id, "Bronze shop", tier: "bronze")
            let gold = try customer(db, partner.id, "Gold shop", tier: "gold")
            let elsewhere = try customer(db, otherPartner.id, "Other partner's bronze", tier: "bronze")

            // Bronze keeps 7 days, gold 90.
            let bronzeOld = try message(db, bronze, status: "delivered", finishedDaysAgo: 8)
            let bronzeRecent = try message(db, bronze, status: "delivered", finishedDaysAgo: 6)
            let bronzeSkipped = try message(db, bronze, status: "skipped", finishedDaysAgo: 30)
            let bronzeOpenException = try message(db, bronze, status: "exception", finishedDaysAgo: 400)
            let bronzeOpenDead = try message(db, bronze, status: "dead", finishedDaysAgo: 400)
            let bronzeResolved = try message(db, bronze, status: "exception", finishedDaysAgo: 40, resolvedDaysAgo: 10)
            let bronzeResolvedLately = try message(db, bronze, status: "dead", finishedDaysAgo: 40, resolvedDaysAgo: 2)
            let bronzeRetrying = try message(db, bronze, status: "retrying", finishedDaysAgo: nil, receivedDaysAgo: 50)
            let goldOld = try message(db, gold, status: "delivered", finishedDaysAgo: 91)
            let goldKept = try message(db, gold, status: "delivered", finishedDaysAgo: 30)
            let otherOld = try message(db, elsewhere, status: "delivered", finishedDaysAgo: 8, partner: otherPartner.id)
            // An old original whose replay is recent stays while the replay does.
            let replayedOriginal = try message(db, bronze, status: "dead", finishedDaysAgo: 60, resolvedDaysAgo: 59)
            let replay = try message(db, bronze, status: "delivered", finishedDaysAgo: 1, replayOf: replayedOriginal)
            try db.owner.execute("""
                INSERT INTO message_attempts (partner_id, message_id, number, customer_id, started_at, finished_at, outcome)
                VALUES (\(partner.id), \(bronzeOld), 1, \(bronze), \(Self.now.addingTimeInterval(-9 * 86_400)), \(Self.now.addingTimeInterval(-8 * 86_400)), 'delivered')
                """)
            try db.owner.execute("""
                INSERT INTO message_locks (partner_id, lock_key, message_id, expires_at)
                VALUES (\(partner.id), 'order-to-erp:stale', \(bronzeOld), \(Self.now))
                """)

            let purged = try RetentionPurge.purge(now: Self.now, batchSize: 2, on: db.database.pool)

            let remaining = Set(try db.owner.query("SELECT id::text FROM messages").decode(String.self, column: "id"))
            let kept = [bronzeRecent, bronzeOpenException, bronzeOpenDead, bronzeResolvedLately, bronzeRetrying,
                        goldKept, replayedOriginal, replay, otherOld]
            #expect(remaining == Set(kept.map { $0.uuidString.lowercased() }))
            for gone in [bronzeOld, bronzeSkipped, bronzeResolved, goldOld] {
                #expect(!remaining.contains(gone.uuidString.lowercased()))
            }
            #expect(try db.count("SELECT count(*) FROM message_attempts") == 0, "attempts go with their message")
            #expect(try db.count("SELECT count(*) FROM message_locks") == 0, "a purged message's lock goes too")
            let purgedCustomers: [String] = purged.map(\.customerID.uuidString).sorted()
            let expectedCustomers: [String] = [bronze.uuidString, gold.uuidString].sorted()
            #expect(purgedCustomers == expectedCustomers, "the other partner's customer keeps 30 days")
            #expect(purged.first { $0.customerID == bronze }?.deleted == 3)
            #expect(purged.first { $0.customerID == bronze }?.retentionDays == 7, "the terms in force today, not next month's")
            #expect(purged.first { $0.customerID == gold }?.deleted == 1)

            // One audit entry per customer with the count.
            let audit = try db.owner.query("""
                SELECT customer_id, after::text FROM audit_log WHERE action = 'messages.purge' ORDER BY occurred_at
                """).decode((UUID, String).self)
            #expect(audit.count == 2)
            #expect(audit.first { $0.0 == bronze }?.1.contains(#""deleted": 3"#) == true)

            // Again: nothing more goes, and nothing more is audited.
            #expect(try RetentionPurge.purge(now: Self.now, on: db.database.pool).isEmpty)
            #expect(try db.count("SELECT count(*) FROM audit_log WHERE action = 'messages.purge'") == 2)
        }
    }

    // MARK: Fixtures

    private func customer(_ db: TenantTestDatabase, _ partner: UUID, _ name: String, tier: String) throws -> UUID {
        try db.owner.query("""
            INSERT INTO customers (partner_id, name, tier_code) VALUES (\(partner), \(name), \(tier)) RETURNING id
            """).single().decode(UUID.self, at: 0)
    }

    private func message(_ db: TenantTestDatabase, _ customer: UUID, status: String, finishedDaysAgo: Double?,
                         resolvedDaysAgo: Double? = nil, receivedDaysAgo: Double? = nil, replayOf: UUID? = nil,
                         partner: UUID? = nil) throws -> UUID {
        let day = 86_400.0
        let finished = finishedDaysAgo.map { Self.now.addingTimeInterval(-$0 * day) }
        let received = Self.now.addingTimeInterval(-(receivedDaysAgo ?? ((finishedDaysAgo ?? 0) + 0.5)) * day)
        let resolved = resolvedDaysAgo.map { Self.now.addingTimeInterval(-$0 * day) }
        let resolution: String? = resolved == nil ? nil : "resolved"
        return try db.owner.query("""
            INSERT INTO messages (partner_id, customer_id, environment_id, environment_kind, flow, subject, status, source_system,
                                  input, input_bytes, received_at, finished_at, resolution, resolved_at, replay_of)
            SELECT partner_id, customer_id, id, kind, 'order-to-erp', 'order', \(status), 'woocommerce', '{}'::jsonb, 2,
                   \(received), \(finished), \(resolution), \(resolved), \(replayOf)
            FROM environments WHERE customer_id = \(customer) AND kind = 'production'
            RETURNING id
            """).single().decode(UUID.self, at: 0)
    }
}
