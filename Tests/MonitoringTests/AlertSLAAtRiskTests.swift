import Foundation
import Monitoring
import Postgres
import Testing

/// `sla_at_risk` against the month figures the at-risk page reads: dead messages push a gold
/// customer past its success budget and the rule fires, at order-capture impact; the next
/// month starts clean and the alert clears.
@Suite struct AlertSLAAtRiskTests {
    /// 2027-03-03T10:00Z, the month's third day.
    let t0 = wednesdayMorning
    let marchFirst = ISO8601DateFormatter().date(from: "2027-03-01T00:00:00Z")!

    /// Both platform roles alive every minute from March 1st to April 3rd: availability is
    /// 100%, so only the messages decide the standing.
    func platformUp(_ world: AlertWorld) throws {
        _ = try world.db.owner.execute(PostgresQuery(unsafeSQL: """
            INSERT INTO platform_heartbeats (minute, role)
            SELECT m, r FROM generate_series($1::timestamptz, $2::timestamptz, interval '1 minute') AS m,
                 (VALUES ('web'), ('worker')) AS roles (r)
            """, binds: [marchFirst, marchFirst.plus(days: 33)]))
        try world.db.database.transaction(.system) { try Availabilities.summarizeHeartbeats(since: marchFirst, on: $0) }
    }

    @Test func deadMessagesPushAGoldCustomerPastItsBudgetAndTheRuleFiresAtOrderCaptureImpact() throws {
        try AlertWorld.with(tier: "gold") { world in
            try platformUp(world)
            try world.rule(NewAlertRule(name: "Gold SLA", scope: .customer, customerID: world.customerID, kind: .slaAtRisk,
                                        threshold: 0))
            try world.contact(NewAlertContact(position: 1, channel: .email, address: "sla@acme.example"))
            for minute in 0..<20 {
                try world.world.message(receivedAt: t0.plus(hours: -20, minutes: Double(minute)), latency: 1, ending: .delivered)
            }
            try world.world.fold()
            let evaluator = world.evaluator()
            // Twenty delivered, nothing failed: on track, nothing opened.
            #expect(try evaluator.run(at: t0).opened == 0)

            try world.world.message(receivedAt: t0.plus(minutes: -30), latency: 1, ending: .dead)
            try world.world.message(receivedAt: t0.plus(minutes: -20), latency: 1, ending: .dead)
            try world.world.fold()
            let report = try evaluator.run(at: t0.plus(minutes: 1))
            #expect(report.opened == 1 && report.sent == 1)
            let alert = try #require(try world.alerts(.open).first)
            #expect(alert.kind == .slaAtRisk && alert.impact == .orderCapture && alert.flow == nil)
            // 20 of 22 delivered: 90.909%.
            #expect(alert.value < 91 && alert.value > 90)
            #expect(alert.summary.contains("2027-03 SLA") && alert.summary.contains("is missed")
                    && alert.summary.contains("missed: success rate"))
            #expect(world.channel.sent.first?.subjectLine.hasPrefix("[Order capture] Shop ") == true)

            // Still missed a minute later: the same alert, no second notice.
            #expect(try evaluator.run(at: t0.plus(minutes: 2)).sent == 0)
            #expect(try world.count("alerts") == 1)

            // April has no messages yet: on track again, so the alert clears.
            let april = try evaluator.run(at: marchFirst.plus(days: 32))
            #expect(april.cleared == 1)
            #expect(try world.alerts(.resolved).first?.id == alert.id)
        }
    }

    @Test func aFlowScopedSLARuleIsRefusedNamingTheScope() {
        let rule = NewAlertRule(name: "SLA", scope: .flow, customerID: UUID(), flow: "order-to-erp", kind: .slaAtRisk,
                                threshold: 0)
        #expect(rule.problems.map(\.field) == ["scope"])
        #expect(NewAlertRule(name: "SLA", scope: .partner, kind: .slaAtRisk, threshold: 0).effectiveImpact == .orderCapture)
        #expect(NewAlertRule(name: "Dead", scope: .partner, kind: .deadMessages, threshold: 1).effectiveImpact == .reporting)
    }
}
