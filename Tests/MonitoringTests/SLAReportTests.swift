import Billing
import Flows
import Foundation
@testable import Monitoring
import Postgres
import Tenancy
import Testing
import TestSupport

/// SLA maths on fixed synthetic data with known answers (issue 7, "Tests that must exist"):
/// a March of real messages and heartbeats whose success rate, percentiles, availability and
/// incidents are worked out by hand below.
@Suite struct SLAReportTests {
    static let april2 = march2026.plus(days: 32)

    /// Terms easy to reason about: 99% success, p95 at most 5 s, 99% available.
    func arrange(_ world: MonitoringWorld) throws {
        _ = try world.db.owner.execute(PostgresQuery(unsafeSQL: """
            UPDATE tier_terms SET effective_from = date '2026-01-01', sla_success_rate = 99.0, sla_p95_latency_ms = 5000,
                   sla_availability = 99.0 WHERE partner_id = $1
            """, binds: [world.partnerID]))
        _ = try world.db.owner.execute(PostgresQuery(unsafeSQL: "UPDATE customers SET created_at = $2 WHERE id = $1",
                                                     binds: [world.customerID, march2026.plus(days: -28)]))
        // Both heartbeats in every minute of March but 10:00–11:00 on the 10th.
        _ = try world.db.owner.execute(PostgresQuery(unsafeSQL: """
            INSERT INTO platform_heartbeats (minute, role)
            SELECT m, r FROM generate_series($1::timestamptz, $2::timestamptz - interval '1 minute', interval '1 minute') AS m,
                 (VALUES ('web'), ('worker')) AS roles (r)
            WHERE NOT (m >= $3 AND m < $4)
            """, binds: [march2026, Self.april2, march2026.plus(days: 9, hours: 10), march2026.plus(days: 9, hours: 11)]))
        try world.db.database.transaction(.system) { connection in
            try Availabilities.summarizeHeartbeats(since: march2026, on: connection)
            try Availabilities.recordRefusals(3, partnerID: world.partnerID, customerID: world.customerID,
                                              at: march2026.plus(days: 11, hours: 8, minutes: 30, seconds: 12),
                                              reason: "the database was unreachable", on: connection)
        }
        for hour in 0..<19 {
            for minute in 0..<10 {
                try world.message(receivedAt: march2026.plus(days: 4, hours: Double(hour), minutes: Double(minute)),
                                  latency: 1, ending: .delivered)
            }
        }
        for minute in 0..<10 {
            try world.message(receivedAt: march2026.plus(days: 19, hours: 14, minutes: Double(minute)), latency: 20, ending: .delivered)
        }
        for minute in 0..<5 {
            try world.message(receivedAt: march2026.plus(days: 24, hours: 9, minutes: Double(minute)), ending: .exception)
            try world.message(receivedAt: march2026.plus(days: 24, hours: 9, minutes: Double(minute)), latency: 1, ending: .delivered)
        }
        // Outside the report: February, and March in the sandbox.
        try world.message(receivedAt: march2026.plus(minutes: -1), ending: .exception)
        try world.fold()
    }

    @Test func aMonthsFiguresMatchTheWorkedAnswer() throws {
        try MonitoringWorld.with { world in
            try arrange(world)
            let report = try #require(try world.db.asCaller(world.admin) { connection, _ in
                try SLAReports.month(BillingMonth(year: 2026, month: 3)!, partnerID: world.partnerID, customerID: world.customerID,
                                     now: Self.april2, on: connection)
            })
            #expect(report.counts.received == 210 && report.counts.delivered == 205 && report.counts.exception == 5)
            // 205 of 210 finished: 97.619…%, truncated.
            #expect(report.counts.successRate == Decimal(string: "97.619"))
            // 195 deliveries took 1 s (bucket 61, reported as ⌈10^3.05⌉ = 1,123 ms), 10 took 20 s
            // (bucket 87, ⌈10^4.35⌉ = 22,388 ms). p95 is the 195th of 205, p99 the 203rd.
            #expect(report.p50 == 1123 && report.p95 == 1123 && report.p99 == 22388)
            // 44,640 minutes; 60 without heartbeats, 1 refused: 44,579 / 44,640 = 99.8633…%.
            #expect(report.availability == Availability(minutes: 44_640, platformDownMinutes: 60, refusedMinutes: 1))
            #expect(report.availability.percent == Decimal(string: "99.863"))
            #expect(report.judgement.missed == [.successRate])
            #expect(report.isFinal && report.targets.tierCode == "bronze")

            let incidents = report.incidents.map { ($0.start, $0.missed) }
            #expect(incidents.map(\.0) == [march2026.plus(days: 9, hours: 10), march2026.plus(days: 11, hours: 8),
                                           march2026.plus(days: 19, hours: 14), march2026.plus(days: 24, hours: 9)])
            #expect(incidents.map(\.1) == [[.availability], [.availability], [.latency], [.successRate]])
            #expect(report.incidents[0].causes == [SLACause(text: "The platform was not running (no heartbeat)", count: 60)])
            #expect(report.incidents[1].causes == [SLACause(text: "Deliveries refused by the platform: the database was unreachable",
                                                            count: 1)])
            #expect(report.incidents[3].causes == [SLACause(text: "Unknown SKU 'X-1'", count: 5)])
            #expect(report.days.count == 3 && report.days.first?.counts.delivered == 190)
        }
    }

    @Test func aMonthNotYetOverCountsOnlyTheMinutesSoFar() throws {
        try MonitoringWorld.with { world in
            try arrange(world)
            let now = march2026.plus(days: 10)
            let report = try #require(try world.db.asCaller(world.admin) { connection, _ in
                try SLAReports.month(BillingMonth(year: 2026, month: 3)!, partnerID: world.partnerID, customerID: world.customerID,
                                     now: now, on: connection)
            })
            #expect(!report.isFinal)
            #expect(report.availability == Availability(minutes: 14_400, platformDownMinutes: 60, refusedMinutes: 0))
            #expect(report.availability.percent == Decimal(string: "99.583"))
        }
    }

    @Test func consecutiveMissedHoursAreOneIncidentAndTargetsAreInclusive() {
        let targets = SLATargets(tierCode: "gold", tierName: "Gold", successRate: 99, p95LatencyMilliseconds: 1123, availability: 99)
        var slow = LatencyHistogram()
        slow.record(milliseconds: 5000)
        var fast = LatencyHistogram()
        fast.record(milliseconds: 1000)
        let up = Availability(minutes: 60, platformDownMinutes: 0, refusedMinutes: 0)
        let hours: [Date: MessageCounts] = [
            march2026: MessageCounts(delivered: 1, latency: slow),
            march2026.plus(hours: 1): MessageCounts(delivered: 99, exception: 1, latency: fast),  // exactly 99%: met
            march2026.plus(hours: 2): MessageCounts(delivered: 1, dead: 1, latency: fast),
            march2026.plus(hours: 3): MessageCounts(delivered: 1, latency: slow),
        ]
        let incidents = SLAIncident.find(hours: hours, availability: [march2026.plus(hours: 5): up], targets: targets)
        #expect(incidents.map(\.start) == [march2026, march2026.plus(hours: 2)])
        #expect(incidents.map(\.end) == [march2026.plus(hours: 1), march2026.plus(hours: 4)])
        #expect(incidents[1].missed == [.successRate, .latency])
        #expect(incidents[1].counts.finished == 3)
    }

    @Test func aTierChangeMidMonthIsMeasuredFromTheNextMonthAsItIsBilled() throws {
        try MonitoringWorld.with { world in
            try arrange(world)
            // Bronze since February; gold from March 15th (the history billing reads, Migrations/0017).
            _ = try world.db.owner.execute(PostgresQuery(unsafeSQL: "UPDATE customer_tier_changes SET changed_at = $2 WHERE customer_id = $1",
                                                         binds: [world.customerID, march2026.plus(days: -28)]))
            _ = try world.db.owner.execute(PostgresQuery(unsafeSQL: "UPDATE customers SET tier_code = 'gold' WHERE id = $1",
                                                         binds: [world.customerID]))
            _ = try world.db.owner.execute(PostgresQuery(unsafeSQL: """
                UPDATE customer_tier_changes SET changed_at = $2 WHERE customer_id = $1 AND tier_code = 'gold'
                """, binds: [world.customerID, march2026.plus(days: 14)]))
            let tiers = try world.db.asCaller(world.admin) { connection, _ in
                try [BillingMonth(year: 2026, month: 3)!, BillingMonth(year: 2026, month: 4)!].map { month in
                    try SLAReports.month(month, partnerID: world.partnerID, customerID: world.customerID, now: Self.april2,
                                         on: connection)?.targets.tierCode
                }
            }
            #expect(tiers == ["bronze", "gold"])
        }
    }
}
