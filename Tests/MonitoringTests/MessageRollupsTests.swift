import Flows
import Foundation
@testable import Monitoring
import Postgres
import Tenancy
import Testing
import TestSupport

/// The facts folded into rollups: every received message and every attempt's outcome counted
/// once, at the minute, hour and day it happened, and any window read back exactly from the
/// fewest rows.
@Suite struct MessageRollupsTests {
    @Test func eachFactIsCountedOnceInEveryGrain() throws {
        try MonitoringWorld.with { world in
            let at = march2026.plus(days: 2, hours: 10, minutes: 15, seconds: 20)
            try world.message(receivedAt: at, latency: 2, ending: .delivered)
            try world.message(receivedAt: at, latency: 3, ending: .failedThenDelivered)
            try world.message(receivedAt: at, ending: .exception)
            try world.message(receivedAt: at, ending: .dead)
            try world.message(receivedAt: at, ending: .waiting)
            #expect(try world.fold() == 10)
            #expect(try world.fold() == 0)

            for grain in RollupGrain.allCases {
                let row = try world.db.owner.query(PostgresQuery(unsafeSQL: """
                    SELECT received, delivered, failed, exception, dead, latency_sum_ms, latency::text
                    FROM message_rollups WHERE grain = $1 AND bucket_start = $2
                    """, binds: [grain.rawValue, grain.floor(at)])).single()
                let (received, delivered, failed, exception, dead, sum, latency) =
                    try row.decode((Int, Int, Int, Int, Int, Int, String).self)
                #expect((received, delivered, failed, exception, dead, sum) == (5, 2, 1, 1, 1, 5000), "\(grain)")
                // 2,000 ms is bucket 1 + 3×20 + ⌊20·log10 2⌋ = 67; 3,000 ms is 1 + 60 + ⌊9.54⌋ = 70.
                #expect(try LatencyHistogram(rollupJSON: latency) == LatencyHistogram(counts: [67: 1, 70: 1]))
            }
        }
    }

    @Test func aWindowIsReadFromDaysHoursAndMinutesWithoutDoubleCounting() throws {
        try MonitoringWorld.with { world in
            // One delivered message at the start of each hour of March 1st to 3rd, and one in
            // the last minute of each of those hours.
            for hour in 0..<72 {
                try world.message(receivedAt: march2026.plus(hours: Double(hour)), latency: 1, ending: .delivered)
                try world.message(receivedAt: march2026.plus(hours: Double(hour), minutes: 59), latency: 1, ending: .delivered)
            }
            try world.fold()
            try world.db.asCaller(world.admin) { (connection: PostgresConnection, _: Caller) throws in
                func delivered(_ start: Date, _ end: Date) throws -> Int {
                    try MessageRollups.counts(world.scope, from: start, to: end, on: connection).delivered
                }
                #expect(try delivered(march2026, march2026.plus(days: 3)) == 144)
                // From 00:30 on the 1st to 00:30 on the 3rd: minutes, hours, one day, hours, minutes.
                #expect(try delivered(march2026.plus(minutes: 30), march2026.plus(days: 2, minutes: 30)) == 96)
                #expect(try delivered(march2026.plus(minutes: 59), march2026.plus(minutes: 60)) == 1)
                #expect(try delivered(march2026.plus(days: 1, hours: 5), march2026.plus(days: 1, hours: 7)) == 4)
                #expect(throws: MeasurementError.self) { try delivered(march2026.plus(seconds: 1), march2026.plus(days: 1)) }
            }
        }
    }

    @Test func theCoverOfAWindowUsesTheFewestBuckets() {
        let spans = RollupSpan.cover(from: march2026.plus(hours: 23, minutes: 50), to: march2026.plus(days: 3, hours: 1, minutes: 5))
        #expect(spans.map(\.grain) == [.minute, .day, .hour, .minute])
        #expect(spans.map(\.start) == [march2026.plus(hours: 23, minutes: 50), march2026.plus(days: 1),
                                      march2026.plus(days: 3), march2026.plus(days: 3, hours: 1)])
        #expect(RollupSpan.cover(from: march2026, to: march2026.plus(days: 31)).count == 1)
    }

    @Test func aCustomerViewerReadsOnlyTheirOwnRollups() throws {
        try MonitoringWorld.with { world in
            let other = try MonitoringWorld(db: world.db)
            try world.message(receivedAt: march2026, ending: .delivered)
            try other.message(receivedAt: march2026, ending: .delivered)
            try world.fold()
            let viewer = try world.db.makeUser(.customerViewer, partner: world.partnerID, customer: world.customerID)
            try world.db.asCaller(viewer) { (connection: PostgresConnection, _: Caller) throws in
                #expect(try connection.query("SELECT count(*) FROM message_rollups").single().decode(Int.self, at: 0) == 4)
                #expect(try MessageRollups.counts(world.scope, from: march2026, to: march2026.plus(days: 1), on: connection).delivered == 1)
                let foreign = MeasurementScope(partnerID: other.partnerID, customerID: other.customerID)
                #expect(try MessageRollups.counts(foreign, from: march2026, to: march2026.plus(days: 1), on: connection) == .zero)
            }
        }
    }

    @Test func aRollupsHistogramTextIsReadAsPostgreSQLWritesItAndAnythingElseIsRefused() throws {
        #expect(try LatencyHistogram(rollupJSON: #"{"61": 12, "64": 3}"#) == LatencyHistogram(counts: [61: 12, 64: 3]))
        #expect(try LatencyHistogram(rollupJSON: #"{"0":1,"161":2}"#) == LatencyHistogram(counts: [0: 1, 161: 2]))
        #expect(try LatencyHistogram(rollupJSON: "{}") == LatencyHistogram())
        #expect(LatencyHistogram(counts: [61: 12, 64: 3]).rollupJSON == #"{"61": 12, "64": 3}"#)
        for malformed in [#"{"61": 12"#, #"{"61" 12}"#, #"{"a": 1}"#, #"{"61": -1}"#, #"[1]"#, #"{"61": 1} x"#, #"{"61": 1.5}"#, ""] {
            #expect(throws: MeasurementError.self, "\(malformed)") { try LatencyHistogram(rollupJSON: malformed) }
        }
    }

    @Test func percentilesAreTheUpperBoundOfTheNearestRanksBucket() {
        var histogram = LatencyHistogram()
        for milliseconds in 1...100 { histogram.record(milliseconds: milliseconds * 10) }
        // The 50th of 100 is 500 ms: bucket 1 + 40 + ⌊20·log10 5⌋ = 54, whose upper bound is ⌈10^2.7⌉ = 502.
        #expect(histogram.percentile(50) == 502)
        #expect(histogram.percentile(99) == 1000)
        #expect(histogram.percentile(100) == 1123)
        #expect(LatencyHistogram().percentile(95) == nil)
        #expect(LatencyHistogram.bucket(ofMilliseconds: 1000) == 61)
        #expect(LatencyHistogram.bucket(ofMilliseconds: 999) == 60)
        #expect(LatencyHistogram.bucket(ofMilliseconds: 0) == 0)
        #expect(LatencyHistogram.bucket(ofMilliseconds: 200_000_000) == 161)
    }

    /// latency_bucket takes a float logarithm (Migrations/0021): only an integer next to a
    /// bucket boundary 10^(b/20) could land in the wrong bucket, so every such integer is
    /// checked against the exact rule, 10^(b−1) ≤ ms^20 < 10^b, in numeric integer powers.
    @Test func everyLatencyNextToABucketBoundaryFallsInTheSameBucketInSQLAndSwift() throws {
        try TenantTestDatabase.withSchema { db in
            let rows = try db.owner.query("""
                WITH candidates AS (
                    SELECT DISTINCT greatest(1, least(99999999, floor(power(10::numeric, b / 20.0))::bigint + d)) AS ms
                    FROM generate_series(0, 160) AS b, generate_series(-2, 2) AS d
                )
                SELECT ms, latency_bucket(ms),
                       10::numeric ^ (latency_bucket(ms) - 1) <= ms::numeric ^ 20 AND ms::numeric ^ 20 < 10::numeric ^ latency_bucket(ms)
                FROM candidates ORDER BY ms
                """)
            #expect(rows.count > 600)  // five per boundary, fewer where low boundaries are closer than that
            for row in rows {
                let (milliseconds, bucket, exact) = try row.decode((Int, Int, Bool).self)
                #expect(exact, "latency_bucket(\(milliseconds)) = \(bucket)")
                #expect(LatencyHistogram.bucket(ofMilliseconds: milliseconds) == bucket, "\(milliseconds) ms")
            }
        }
    }
}

/// Live queue depth and the oldest waiting message, per flow.
@Suite struct QueueStateTests {
    @Test func waitingMessagesAreCountedWithTheOldestAge() throws {
        try MonitoringWorld.with { world in
            try world.message(receivedAt: march2026, ending: .waiting)
            try world.message(receivedAt: march2026.plus(minutes: 5), ending: .waiting)
            try world.message(.inventorySync, receivedAt: march2026.plus(minutes: 7), ending: .waiting)
            try world.message(receivedAt: march2026.plus(minutes: -30), ending: .delivered)
            let states = try world.db.asCaller(world.admin) { connection, _ in
                try QueueState.current(partnerID: world.partnerID, customerID: world.customerID, on: connection)
            }
            #expect(states.map(\.flow) == ["inventory-sync", "order-to-erp"])
            #expect(states.map(\.waiting) == [1, 2])
            #expect(states[1].oldestAge(at: march2026.plus(minutes: 10)) == 600)
        }
    }
}
