import Foundation
import HTTP
import Postgres
import Testing
import TestSupport

/// Issue 6 §8 over HTTP: what went silent in a customer's integration, for the partner and the
/// retailer's own viewers, and closing one by hand with a comment (audited).
@Suite struct ProblemsAPITests {
    @Test func openProblemsAreListedForTheCustomerAndItsViewerAndAnOperatorResolvesOneWithAComment() throws {
        try APIWorld.with { world in
            let ids = try FlowsAPITests.connections("production", in: world)
            _ = try world.db.owner.execute("""
                INSERT INTO flow_problems (partner_id, customer_id, environment_id, connection_id, kind, summary, opened_at, last_seen_at)
                SELECT partner_id, customer_id, environment_id, id, 'credentials_rejected', 'Shop: the system rejected the credentials.',
                       now() - interval '1 hour', now()
                FROM connections WHERE id = \(UUID(uuidString: ids.shop)!)
                """)
            let path = "/customers/\(world.a1.id)/problems"
            let listed = world.call(.get, path, token: world.acmeViewer.token)
            #expect(listed.status == .ok, "\(listed.text)")
            let problems = try #require(listed.object["data"] as? [[String: Any]])
            #expect(problems.count == 1)
            #expect(problems.first?["kind"] as? String == "credentials_rejected")
            #expect(problems.first?["state"] as? String == "open")
            #expect(problems.first?["connection_id"] as? String == ids.shop.lowercased())
            let id = try #require(problems.first?["id"] as? String)

            // Another partner's customer is not found; a viewer may not resolve.
            #expect(world.call(.get, "/customers/\(world.b1.id)/problems", token: world.acmeAdmin.token).status == .notFound)
            #expect(world.call(.post, "/problems/\(id)/resolve", token: world.acmeViewer.token, json: #"{"comment":"no"}"#).status
                == .forbidden)
            let empty = world.call(.post, "/problems/\(id)/resolve", token: world.acmeOperator.token, json: #"{"comment":"  "}"#)
            #expect(empty.status == .unprocessableContent && empty.text.contains("/comment"), "\(empty.text)")

            let resolved = world.call(.post, "/problems/\(id)/resolve", token: world.acmeOperator.token,
                                      json: #"{"comment":"New API key entered"}"#)
            #expect(resolved.status == .ok, "\(resolved.text)")
            #expect(resolved.object["state"] as? String == "resolved")
            #expect((resolved.object["resolution"] as? String)?.hasSuffix("New API key entered") == true)
            #expect(try world.count("SELECT count(*) FROM audit_log WHERE action = 'flow.problem.resolve'") == 1)
            // Resolved: gone from the open list, kept in all; resolving again is 404.
            #expect((world.call(.get, path, token: world.acmeAdmin.token).object["data"] as? [Any])?.isEmpty == true)
            #expect((world.call(.get, path + "?state=all", token: world.acmeAdmin.token).object["data"] as? [Any])?.count == 1)
            #expect(world.call(.get, path + "?state=closed", token: world.acmeAdmin.token).status == .badRequest)
            #expect(world.call(.post, "/problems/\(id)/resolve", token: world.acmeOperator.token, json: #"{"comment":"again"}"#).status
                == .notFound)
        }
    }
}
