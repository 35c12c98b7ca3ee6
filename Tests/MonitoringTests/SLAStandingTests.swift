import Billing
import Flows
import Foundation
@testable import Monitoring
import Postgres
import Tenancy
import Testing
import TestSupport

/// The partner's "who is at risk this month": each customer's month so far from the month
/// rollups, judged against its own tier, worst first.
@Suite struct SLAStandingTests {
    static let targets = SLATargets(tierCode: "silver", tierName: "Silver", successRate: 99, p95LatencyMilliseconds: 10_000,
                                    availability: Decimal(string: "99.5")!)

    @Test func errorBudgetsDecideBetweenMetAtRiskAndMissed() {
        var fast = LatencyHistogram()
        fast.record(milliseconds: 1000)
        let allUp = Availability(minutes: 10_000, platformDownMinutes: 0, refusedMinutes: 0)
        func standing(_ counts: MessageCounts, _ availability: Availability = allUp) -> SLAStanding {
            SLAStanding(counts: counts, availability: availability, monthMinutes: 44_640, targets: Self.targets)
        }
        // 1,000 finished allow 10 failures: 7 spend 70% of the budget, 8 spend 80%, 11 miss.
        #expect(standing(MessageCounts(delivered: 993, exception: 7, latency: fast)) == .met)
        #expect(standing(MessageCounts(delivered: 992, dead: 8, latency: fast)) == .atRisk)
        #expect(standing(MessageCounts(delivered: 989, exception: 11, latency: fast)) == .missed)
        // 44,640 minutes at 99.5% allow 223.2 down: 168 is 75.3% of it.
        #expect(standing(.zero, Availability(minutes: 40_000, platformDownMinutes: 160, refusedMinutes: 0)) == .met)
        #expect(standing(.zero, Availability(minutes: 40_000, platformDownMinutes: 160, refusedMinutes: 8)) == .atRisk)
        var slow = LatencyHistogram()
        slow.record(milliseconds: 8_500)
        #expect(standing(MessageCounts(delivered: 1, latency: slow)) == .atRisk)
        #expect(SLAStanding.missed < .atRisk && SLAStanding.atRisk < .met)
    }

    @Test func thePartnersPageListsEveryCustomerWorstFirst() throws {
        try MonitoringWorld.with { healthy in
            let failing = try MonitoringWorld(db: healthy.db, sameCustomerPartner: healthy)
            let quiet = try MonitoringWorld(db: healthy.db, sameCustomerPartner: healthy)
            let db = healthy.db
            _ = try db.owner.execute(PostgresQuery(unsafeSQL: """
                UPDATE tier_terms SET effective_from = date '2026-01-01' WHERE partner_id = $1
                """, binds: [healthy.partnerID]))
            _ = try db.owner.execute(PostgresQuery(unsafeSQL: "UPDATE customers SET created_at = $2, name = id::text WHERE partner_id = $1",
                                                   binds: [healthy.partnerID, march2026.plus(days: -3)]))
            // On gold since before March: the tier history says so too (Migrations/0017).
            _ = try db.owner.execute(PostgresQuery(unsafeSQL: "UPDATE customers SET tier_code = 'gold' WHERE id = $1",
                                                   binds: [failing.customerID]))
            _ = try db.owner.execute(PostgresQuery(unsafeSQL: """
                UPDATE customer_tier_changes SET changed_at = $2 WHERE customer_id = $1 AND tier_code = 'gold'
                """, binds: [failing.customerID, march2026.plus(days: -2)]))
            _ = try db.owner.execute(PostgresQuery(unsafeSQL: """
                INSERT INTO platform_heartbeats (minute, role)
                SELECT m, r FROM generate_series($1::timestamptz, $2::timestamptz, interval '1 minute') AS m,
                     (VALUES ('web'), ('worker')) AS roles (r)
                """, binds: [march2026, march2026.plus(days: 5)]))
            try db.database.transaction(.system) { try Availabilities.summarizeHeartbeats(since: march2026, on: $0) }
            for minute in 0..<20 {
                try healthy.message(receivedAt: march2026.plus(days: 1, minutes: Double(minute)), latency: 1, ending: .delivered)
                try failing.message(receivedAt: march2026.plus(days: 1, minutes: Double(minute)), latency: 1,
                                    ending: minute < 2 ? .dead : .delivered)
            }
            try healthy.fold()
            let now = march2026.plus(days: 5)
            let rows = try db.asCaller(healthy.admin) { connection, _ in
                try SLAMonthFigures.atRisk(BillingMonth(year: 2026, month: 3)!, partnerID: healthy.partnerID, now: now, on: connection)
            }
            #expect(rows.map(\.customerID) == [failing.customerID, healthy.customerID, quiet.customerID]
                    || rows.map(\.customerID) == [failing.customerID, quiet.customerID, healthy.customerID])
            #expect(rows.map(\.standing) == [.missed, .met, .met])
            let failingRow = try #require(rows.first)
            #expect(failingRow.targets.tierCode == "gold" && failingRow.counts.dead == 2 && failingRow.counts.delivered == 18)
            #expect(failingRow.judgement.missed == [.successRate])
            // Five days of minutes, all up; the month counts from the 1st (created on February 26th).
            #expect(failingRow.availability == Availability(minutes: 7200, platformDownMinutes: 0, refusedMinutes: 0))
            #expect(failingRow.monthMinutes == 44_640)
            let quietRow = try #require(rows.first { $0.customerID == quiet.customerID })
            #expect(quietRow.counts == .zero && quietRow.standing == .met)
        }
    }

    @Test func aCustomersLastTwelveMonthsLeaveOutMonthsBeforeItExisted() throws {
        try MonitoringWorld.with { world in
            _ = try world.db.owner.execute(PostgresQuery(unsafeSQL: """
                UPDATE tier_terms SET effective_from = date '2025-01-01' WHERE partner_id = $1
                """, binds: [world.partnerID]))
            _ = try world.db.owner.execute(PostgresQuery(unsafeSQL: "UPDATE customers SET created_at = $2 WHERE id = $1",
                                                         binds: [world.customerID, march2026.plus(days: -40)]))
            try world.message(receivedAt: march2026.plus(days: -10), latency: 1, ending: .delivered)
            try world.message(receivedAt: march2026.plus(days: 3), latency: 1, ending: .delivered)
            try world.message(receivedAt: march2026.plus(days: 3), latency: 1, ending: .delivered)
            try world.fold()
            let months = try world.db.asCaller(world.admin) { connection, _ in
                try SLAMonthFigures.lastMonths(12, through: BillingMonth(year: 2026, month: 3)!, partnerID: world.partnerID,
                                               customerID: world.customerID, now: march2026.plus(days: 10), on: connection)
            }
            #expect(months.map(\.month.description) == ["2026-01", "2026-02", "2026-03"])
            #expect(months.map(\.counts.delivered) == [0, 1, 2])
        }
    }
}
