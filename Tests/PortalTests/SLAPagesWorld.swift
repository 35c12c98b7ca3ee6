import Flows
import Foundation
import Monitoring
import Postgres
import Tenancy
import Testing
import TestSupport

/// A month of synthetic service for the SLA pages, with answers worked out by hand (after
/// Tests/MonitoringTests' `MonitoringWorld` and `SLAReportTests.arrange`, which test targets
/// cannot share). The harness's clock stands at 2027-01-15 08:00 UTC, so January 2027 is the
/// month in progress.
extension PortalHarness {
    /// 2027-01-01T00:00:00Z.
    static let january2027 = ISO8601DateFormatter().date(from: "2027-01-01T00:00:00Z")!

    /// Terms easy to reason about for every tier of `partner`: 99% success, p95 at most 5 s,
    /// 99% available, from before the month.
    func setEasyTargets(_ partner: Partner) throws {
        _ = try db.owner.execute(PostgresQuery(unsafeSQL: """
            UPDATE tier_terms SET effective_from = date '2026-01-01', sla_success_rate = 99.0, sla_p95_latency_ms = 5000,
                   sla_availability = 99.0 WHERE partner_id = $1
            """, binds: [partner.id]))
    }

    /// Both heartbeats in every minute from January 1st to an hour past the clock, except
    /// 10:00–11:00 on January 10th; then the hourly summary availability reads.
    func beatThroughJanuary() throws {
        let start = Self.january2027
        _ = try db.owner.execute(PostgresQuery(unsafeSQL: """
            INSERT INTO platform_heartbeats (minute, role)
            SELECT m, r FROM generate_series($1::timestamptz, $2::timestamptz - interval '1 minute', interval '1 minute') AS m,
                 (VALUES ('web'), ('worker')) AS roles (r)
            WHERE NOT (m >= $3 AND m < $4)
            """, binds: [start, clock.now.addingTimeInterval(3600), start.addingTimeInterval(9 * 86_400 + 10 * 3600),
                         start.addingTimeInterval(9 * 86_400 + 11 * 3600)]))
        try db.database.transaction(.system) { connection in
            try Availabilities.summarizeHeartbeats(since: start, on: connection)
        }
    }

    /// The worked month for `customer`: 190 deliveries of 1 s on January 5th (10 an hour for
    /// 19 hours), then on January 12th at 09:00 five deliveries and five exceptions ("Unknown SKU").
    /// Received 200, delivered 195: a success rate of 97.5%, missing the 99% target; p95 in the
    /// 1 s bucket, reported as 1,123 ms; 60 of 20,640 minutes down: 99.709%.
    func arrangeWorkedMonth(for customer: Customer, in partner: Partner) throws {
        _ = try db.owner.execute(PostgresQuery(unsafeSQL: "UPDATE customers SET created_at = $2 WHERE id = $1",
                                           binds: [customer.id, Self.january2027.addingTimeInterval(-31 * 86_400)]))
        let day5 = Self.january2027.addingTimeInterval(4 * 86_400)
        for hour in 0..<19 {
            for minute in 0..<10 {
                try message(for: customer, in: partner, receivedAt: day5.addingTimeInterval(Double(hour * 3600 + minute * 60)),
                            latency: 1, delivered: true)
            }
        }
        let day12 = Self.january2027.addingTimeInterval(11 * 86_400 + 9 * 3600)
        for minute in 0..<5 {
            try message(for: customer, in: partner, receivedAt: day12.addingTimeInterval(Double(minute * 60)), latency: 1, delivered: true)
            try message(for: customer, in: partner, receivedAt: day12.addingTimeInterval(Double(minute * 60)), latency: 0, delivered: false)
        }
    }

    /// `count` deliveries of `latency` seconds on January 3rd.
    func deliveries(_ count: Int, latency: TimeInterval, for customer: Customer, in partner: Partner) throws {
        for index in 0..<count {
            try message(for: customer, in: partner, receivedAt: Self.january2027.addingTimeInterval(2 * 86_400 + Double(index * 60)),
                        latency: latency, delivered: true)
        }
    }

    /// Folds the messages' events into the rollups, as the workers' rollup job does.
    func foldRollups() throws {
        _ = try MessageRollups.foldAll(pool: db.database.pool) { try $0.enter(.system) }
    }

    /// A production order message received at `receivedAt`, delivered `latency` seconds later
    /// or sent to the exception queue with an unknown SKU.
    private func message(for customer: Customer, in partner: Partner, receivedAt: Date, latency: TimeInterval,
                         delivered: Bool) throws {
        let admin = db.principal(.partnerAdmin, partner: partner.id)
        try db.database.transaction(.partner(partner.id)) { connection in
            let production = try #require(try Environments.list(customer: customer.id, for: admin, on: connection)
                .first { $0.kind == .production })
            let new = NewMessage(customerID: customer.id, environmentID: production.id, flow: .orderToERP, subject: "order",
                                 sourceSystem: "woocommerce", reference: UUID().uuidString.prefix(8).lowercased(), dedupKey: nil,
                                 input: try MessagePayload(json: Array(#"{"n":1}"#.utf8)), externalIDs: [])
            guard case .accepted(let message) = try Messages.receive(new, partnerID: partner.id, at: receivedAt, on: connection),
                  let number = try Messages.beginAttempt(message.id, partnerID: partner.id, at: receivedAt, on: connection) else {
                Issue.record("the fixture message was not accepted")
                return
            }
            let outcome: AttemptOutcome = delivered ? .delivered(output: nil, externalIDs: [])
                : .exception(MessageError(.business, "Unknown SKU 'X-1'"))
            try Messages.finishAttempt(message.id, number: number, outcome, partnerID: partner.id,
                                       at: receivedAt.addingTimeInterval(latency), on: connection)
        }
    }
}
