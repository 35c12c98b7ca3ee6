import Foundation
import HTTP
import Postgres
import Testing
import TestSupport

/// Issue 6 §5 over HTTP: a reconciliation flow switched on is scheduled for its mornings; its
/// reports are listed newest day first, paged, and read one day at a time by everyone who reads
/// messages; running a day queues the job (202) for those who may write them, and only for a
/// day that has ended.
@Suite struct ReconciliationsAPITests {
    /// Switches on customer a1's production reconciliation flow; its id.
    static func switchOn(options: String, in world: APIWorld) throws -> (id: String, response: Response) {
        let ids = try FlowsAPITests.connections("production", in: world)
        let response = world.call(.put, "/customers/\(world.a1.id)/environments/production/flows/reconciliation",
                                  token: world.acmeAdmin.token,
                                  json: #"{"source_connection_id":"\#(ids.shop)","target_connection_id":"\#(ids.erp)","options":\#(options)}"#)
        return (response.object["id"] as? String ?? "", response)
    }

    /// A stored report of `day`, as the worker leaves one.
    static func storeReport(flow: String, day: String, mismatches: String, in world: APIWorld) throws {
        _ = try world.db.owner.execute("""
            INSERT INTO reconciliation_reports (partner_id, customer_id, environment_id, flow_id, day, time_zone, shop_orders,
                                                erp_orders, shop_total, erp_total, currency, mismatches)
            SELECT partner_id, customer_id, environment_id, id, \(day)::date, 'Europe/Amsterdam', 3, 3, 60.00, 55.50, 'USD',
                   \(mismatches)::jsonb
            FROM customer_flows WHERE id = \(UUID(uuidString: flow) ?? UUID())
            """)
    }

    @Test func aSwitchedOnFlowIsScheduledEachMorningInItsTimeZone() throws {
        try APIWorld.with { world in
            let (id, response) = try Self.switchOn(options: #"{"time_zone":"Europe/Amsterdam","reconcile_cron":"15 7 * * *"}"#,
                                                   in: world)
            #expect(response.status == .ok, "\(response.text)")
            let schedule = try world.db.owner.query("""
                SELECT cron, time_zone, kind FROM job_schedules WHERE name = \("flow:\(id.lowercased()):reconcile")
                """).decode((String, String, String).self)
            #expect(schedule.count == 1)
            #expect(schedule.first?.0 == "15 7 * * *" && schedule.first?.1 == "Europe/Amsterdam" && schedule.first?.2 == "flow.reconcile")

            let refused = world.call(.put, "/customers/\(world.a1.id)/environments/production/flows/reconciliation",
                                     token: world.acmeAdmin.token, json: #"{"options":{"total_tolerance":"-1"}}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("options.total_tolerance"), "\(refused.text)")
        }
    }

    @Test func reportsAreListedNewestDayFirstPagedAndReadOneDayAtATime() throws {
        try APIWorld.with { world in
            let (id, response) = try Self.switchOn(options: "{}", in: world)
            #expect(response.status == .ok, "\(response.text)")
            try Self.storeReport(flow: id, day: "2026-11-20", mismatches: "[]", in: world)
            try Self.storeReport(flow: id, day: "2026-11-21", mismatches: """
                [{"order_number":"1042","kind":"total_differs","shop_value":"20.00 USD","erp_value":"15.50 USD"}]
                """, in: world)
            let base = "/customers/\(world.a1.id)/environments/production/flows/reconciliation/reconciliations"

            let first = world.call(.get, base + "?limit=1", token: world.acmeViewer.token)
            #expect(first.status == .ok, "\(first.text)")
            let firstDays = (first.object["data"] as? [[String: Any]] ?? []).compactMap { $0["day"] as? String }
            #expect(firstDays == ["2026-11-21"])
            let cursor = try #require(first.object["next_cursor"] as? String)
            let second = world.call(.get, base + "?limit=1&cursor=\(cursor)", token: world.acmeViewer.token)
            #expect((second.object["data"] as? [[String: Any]] ?? []).compactMap { $0["day"] as? String } == ["2026-11-20"])
            #expect(second.object["next_cursor"] is NSNull || second.object["next_cursor"] == nil)

            let day = world.call(.get, base + "/2026-11-21", token: world.acmeViewer.token)
            #expect(day.status == .ok, "\(day.text)")
            #expect(day.object["shop_orders"] as? Int == 3)
            #expect(day.object["shop_total"] as? String == "60.00" && day.object["erp_total"] as? String == "55.50")
            let mismatches = day.object["mismatches"] as? [[String: Any]] ?? []
            #expect(mismatches.count == 1)
            #expect(mismatches.first?["order_number"] as? String == "1042" && mismatches.first?["kind"] as? String == "total_differs")
            #expect(world.call(.get, base + "/2026-11-19", token: world.acmeViewer.token).status == .notFound)
            #expect(world.call(.get, base + "/yesterday", token: world.acmeViewer.token).status == .badRequest)
            // Another customer's flow is not there to read.
            #expect(world.call(.get, "/customers/\(world.a2.id)/environments/production/flows/reconciliation/reconciliations",
                               token: world.acmeViewer.token).status == .notFound)
        }
    }

    @Test func runningADayQueuesItsJobForThoseWhoMayWriteMessages() throws {
        try APIWorld.with { world in
            let (id, response) = try Self.switchOn(options: #"{"time_zone":"Europe/Amsterdam"}"#, in: world)
            #expect(response.status == .ok, "\(response.text)")
            let base = "/customers/\(world.a1.id)/environments/production/flows/reconciliation/reconciliations"

            let queued = world.call(.post, base, token: world.acmeAdmin.token, json: #"{"day":"2026-11-21"}"#)
            #expect(queued.status == .accepted, "\(queued.text)")
            #expect(queued.object["day"] as? String == "2026-11-21" && queued.object["status"] as? String == "queued")
            let days = try world.db.owner.query("""
                SELECT payload->>'day' FROM jobs WHERE kind = 'flow.reconcile' AND lower(payload->>'flow_id') = \(id.lowercased())
                """).decode(String?.self)
            #expect(days == ["2026-11-21"])
            #expect(try world.count("SELECT count(*) FROM audit_log WHERE action = 'flow.reconcile'") == 1)

            #expect(world.call(.post, base, token: world.acmeViewer.token, json: #"{"day":"2026-11-21"}"#).status == .forbidden)
            let tomorrow = ISO8601DateFormatter.string(from: Date().addingTimeInterval(2 * 86_400), timeZone: .gmt,
                                                       formatOptions: [.withFullDate])
            let unfinished = world.call(.post, base, token: world.acmeAdmin.token, json: #"{"day":"\#(tomorrow)"}"#)
            #expect(unfinished.status == .unprocessableContent, "\(unfinished.text)")
            #expect(world.call(.post, base, token: world.acmeAdmin.token, json: #"{"day":"21/11/2026"}"#).status
                == .unprocessableContent)
            // A paused flow is not run: it would do nothing.
            #expect(world.call(.post, base.replacingOccurrences(of: "/reconciliations", with: "/pause"), token: world.acmeAdmin.token,
                               json: #"{"reason":"ERP upgrade"}"#).status == .ok)
            #expect(world.call(.post, base, token: world.acmeAdmin.token, json: #"{"day":"2026-11-21"}"#).status == .conflict)
            // Only a reconciliation flow is run.
            #expect(world.call(.post, "/customers/\(world.a1.id)/environments/production/flows/order-to-erp/reconciliations",
                               token: world.acmeAdmin.token, json: #"{"day":"2026-11-21"}"#).status == .notFound)
        }
    }
}
