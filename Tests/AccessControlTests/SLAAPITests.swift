import Foundation
import HTTP
import Postgres
import Testing
import TestSupport

/// Issue 7 §2 over HTTP: a customer's month against its tier as JSON and CSV, for the partner
/// and the retailer's own viewer; the partner's standings, which viewers may not read; and
/// a bad month or range named in the 400.
@Suite struct SLAAPITests {
    /// March 2026 for customer A1: delivered and failed messages in the rollups, every minute up.
    static func arrange(_ world: APIWorld) throws {
        _ = try world.db.owner.execute("""
            UPDATE tier_terms SET effective_from = date '2026-01-01', sla_success_rate = 99.0 WHERE partner_id = \(world.a1.partnerID)
            """)
        _ = try world.db.owner.execute("UPDATE customers SET created_at = '2026-02-01T00:00:00Z' WHERE partner_id = \(world.a1.partnerID)")
        _ = try world.db.owner.execute("""
            INSERT INTO message_rollups (partner_id, customer_id, grain, bucket_start, environment_id, environment_kind, flow,
                                         received, delivered, exception, latency_sum_ms, latency)
            SELECT e.partner_id, e.customer_id, g.grain, g.start, e.id, 'production', 'order-to-erp', 100, 97, 3, 97000, '{"61": 97}'
            FROM environments e,
                 (VALUES ('hour', timestamptz '2026-03-05T10:00:00Z'), ('day', timestamptz '2026-03-05T00:00:00Z'),
                         ('month', timestamptz '2026-03-01T00:00:00Z')) AS g (grain, start)
            WHERE e.customer_id = \(world.a1.id) AND e.kind = 'production'
            """)
        _ = try world.db.owner.execute("""
            INSERT INTO platform_hours (hour, up_minutes)
            SELECT h, 60 FROM generate_series(timestamptz '2026-03-01', timestamptz '2026-03-31T23:00:00Z', interval '1 hour') AS h
            """)
    }

    @Test func aMonthsReportIsReadByThePartnerAndTheCustomersViewerAsJSONAndCSV() throws {
        try APIWorld.with { world in
            try Self.arrange(world)
            let path = "/customers/\(world.a1.id)/sla?month=2026-03"
            for member in [world.acmeAdmin, world.acmeOperator, world.acmeViewer] {
                let answer = world.call(.get, path, token: member.token)
                #expect(answer.status == .ok, "\(member.principal.role) \(answer.text)")
                let counts = try #require(answer.object["counts"] as? [String: Any])
                #expect(counts["delivered"] as? Int == 97 && counts["exception"] as? Int == 3)
                #expect(counts["success_rate"] as? String == "97.0")
                #expect(counts["p95_latency_ms"] as? Int == 1123)
                #expect(answer.object["missed"] as? [String] == ["success_rate"] && answer.object["final"] as? Bool == true)
                #expect((answer.object["availability"] as? [String: Any])?["percent"] as? String == "100.0")
                #expect((answer.object["incidents"] as? [[String: Any]])?.first?["start"] as? String == "2026-03-05T10:00:00Z")
            }
            let csv = world.call(.get, "/customers/\(world.a1.id)/sla/export?month=2026-03", token: world.acmeViewer.token)
            #expect(csv.status == .ok)
            let lines = csv.text.components(separatedBy: "\r\n")
            #expect(lines.first == "section,name,start,end,target,measured,met,received,delivered,failed,exception,dead,detail")
            #expect(lines.contains { $0.hasPrefix("measure,success_rate,2026-03-01T00:00:00Z,2026-04-01T00:00:00Z,99,97,no,100,97,0,3,0,") })
            #expect(lines.contains { $0.hasPrefix("incident,success_rate,2026-03-05T10:00:00Z,2026-03-05T11:00:00Z,") })

            // Another customer's report: not found for the viewer and for another partner.
            #expect(world.call(.get, "/customers/\(world.a2.id)/sla?month=2026-03", token: world.acmeViewer.token).status == .notFound)
            #expect(world.call(.get, "/customers/\(world.b1.id)/sla?month=2026-03", token: world.acmeAdmin.token).status == .notFound)
        }
    }

    @Test func thePartnersStandingsPutTheMissedFirstAndAreNotTheViewers() throws {
        try APIWorld.with { world in
            try Self.arrange(world)
            let answer = world.call(.get, "/sla/standings?month=2026-03", token: world.acmeOperator.token)
            #expect(answer.status == .ok, "\(answer.text)")
            let rows = try #require(answer.object["data"] as? [[String: Any]])
            #expect(rows.first?["customer_id"] as? String == world.a1.id.uuidString.lowercased())
            #expect(rows.first?["standing"] as? String == "missed")
            #expect(rows.dropFirst().allSatisfy { $0["standing"] as? String == "met" })
            #expect(world.call(.get, "/sla/standings?month=2026-03", token: world.acmeViewer.token).status == .forbidden)
        }
    }

    @Test func aBadMonthOrRangeIsA400NamingTheField() throws {
        try APIWorld.with { world in
            let base = "/customers/\(world.a1.id)/sla"
            let month = world.call(.get, base + "?month=2026-13", token: world.acmeAdmin.token)
            #expect(month.status == .badRequest && month.text.contains("month"), "\(month.text)")
            let offHour = world.call(.get, base + "?from=2026-03-01T00:30:00Z&to=2026-03-02T00:00:00Z", token: world.acmeAdmin.token)
            #expect(offHour.status == .badRequest && offHour.text.contains("from"), "\(offHour.text)")
            let tooLong = world.call(.get, base + "?from=2025-01-01T00:00:00Z&to=2026-03-02T00:00:00Z", token: world.acmeAdmin.token)
            #expect(tooLong.status == .badRequest && tooLong.text.contains("to"), "\(tooLong.text)")
            let range = world.call(.get, base + "?from=2026-03-05T00:00:00Z&to=2026-03-06T00:00:00Z", token: world.acmeAdmin.token)
            #expect(range.status == .ok && range.object["start"] as? String == "2026-03-05T00:00:00Z", "\(range.text)")
        }
    }
}
