import Foundation
import HTTP
import Postgres
import Testing
import TestSupport

/// Issue 6 §5–§7 over HTTP: a customer's flows switched on, paused and resumed per
/// environment, and promoted from sandbox to production after the difference was shown.
@Suite struct FlowsAPITests {
    /// Creates a WooCommerce and a Tryton connection in `environment` of customer a1; their ids.
    static func connections(_ environment: String, in world: APIWorld) throws -> (shop: String, erp: String) {
        let path = "/customers/\(world.a1.id)/connections"
        let shop = world.call(.post, path, token: world.acmeAdmin.token, json: """
            {"environment":"\(environment)","kind":"woocommerce","name":"Shop","values":{"store_url":"https://\(environment).shop.test","consumer_key":"ck","consumer_secret":"cs"}}
            """)
        let erp = world.call(.post, path, token: world.acmeAdmin.token, json: """
            {"environment":"\(environment)","kind":"tryton-erp","name":"ERP","values":{"server_url":"http://erp.test:8000","database":"erp-\(environment)","login":"admin","password":"secret"}}
            """)
        return (try #require(shop.object["id"] as? String, "\(shop.text)"), try #require(erp.object["id"] as? String, "\(erp.text)"))
    }

    static func configure(_ environment: String, _ ids: (shop: String, erp: String), options: String,
                          in world: APIWorld) -> Response {
        world.call(.put, "/customers/\(world.a1.id)/environments/\(environment)/flows/order-to-erp", token: world.acmeAdmin.token,
                   json: #"{"source_connection_id":"\#(ids.shop)","target_connection_id":"\#(ids.erp)","options":\#(options)}"#)
    }

    @Test func aFlowIsSwitchedOnPausedAndResumedAndAViewerOnlyReadsIt() throws {
        try APIWorld.with { world in
            let sandbox = try Self.connections("sandbox", in: world)
            let configured = Self.configure("sandbox", sandbox, options: #"{"price_tolerance":"0.01"}"#, in: world)
            #expect(configured.status == .ok, "\(configured.text)")
            #expect(configured.object["flow_name"] as? String == "Orders to ERP")
            #expect(configured.object["environment"] as? String == "sandbox")

            let base = "/customers/\(world.a1.id)/environments/sandbox/flows/order-to-erp"
            let paused = world.call(.post, base + "/pause", token: world.acmeAdmin.token, json: #"{"reason":"ERP upgrade"}"#)
            #expect(paused.object["status"] as? String == "paused", "\(paused.text)")
            #expect(paused.object["paused_reason"] as? String == "ERP upgrade")
            let resumed = world.call(.post, base + "/resume", token: world.acmeAdmin.token)
            #expect(resumed.object["status"] as? String == "active")
            #expect(try world.count("SELECT count(*) FROM audit_log WHERE action IN ('flow.create', 'flow.pause', 'flow.resume')") == 3)

            let listed = world.call(.get, "/customers/\(world.a1.id)/flows", token: world.acmeViewer.token)
            #expect(listed.status == .ok)
            #expect((listed.object["data"] as? [[String: Any]])?.count == 1)
            #expect(world.call(.post, base + "/pause", token: world.acmeViewer.token, json: #"{"reason":"no"}"#).status == .forbidden)
            #expect(world.call(.get, "/customers/\(world.a2.id)/flows", token: world.acmeViewer.token).status == .notFound)

            // A production flow cannot use the sandbox's connections.
            let crossed = Self.configure("production", sandbox, options: "{}", in: world)
            #expect(crossed.status == .unprocessableContent)
            #expect(crossed.text.contains("/source_connection_id"), "\(crossed.text)")
            #expect(world.call(.put, "/customers/\(world.a1.id)/environments/staging/flows/order-to-erp", token: world.acmeAdmin.token,
                               json: "{}").status == .notFound)
        }
    }

    @Test func promotionShowsTheDifferenceAndAppliesItOnlyWithTheHashShown() throws {
        try APIWorld.with { world in
            let sandbox = try Self.connections("sandbox", in: world)
            let production = try Self.connections("production", in: world)
            #expect(Self.configure("production", production, options: #"{"price_tolerance":"0.01"}"#, in: world).status == .ok)
            #expect(Self.configure("sandbox", sandbox, options: #"{"price_tolerance":"0.05","safety_stock":"2"}"#, in: world).status
                == .ok)
            let path = "/customers/\(world.a1.id)/flows/order-to-erp"

            let shown = world.call(.get, path + "/promotion", token: world.acmeViewer.token)
            #expect(shown.status == .ok, "\(shown.text)")
            let changes = shown.object["changes"] as? [[String: Any]] ?? []
            #expect(changes.compactMap { $0["field"] as? String } == ["options.price_tolerance", "options.safety_stock"])
            #expect(changes.first?["before"] as? String == "0.01" && changes.first?["after"] as? String == "0.05")
            #expect(changes.last?["before"] is NSNull)
            let hash = try #require(shown.object["diff_hash"] as? String)

            // The sandbox moves on after the difference was shown: the old hash is refused.
            #expect(Self.configure("sandbox", sandbox, options: #"{"price_tolerance":"0.50"}"#, in: world).status == .ok)
            let stale = world.call(.post, path + "/promote", token: world.acmeAdmin.token, json: #"{"diff_hash":"\#(hash)"}"#)
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("/diff_hash"), "\(stale.text)")

            let fresh = try #require(world.call(.get, path + "/promotion", token: world.acmeAdmin.token).object["diff_hash"] as? String)
            let promoted = world.call(.post, path + "/promote", token: world.acmeAdmin.token, json: #"{"diff_hash":"\#(fresh)"}"#)
            #expect(promoted.status == .ok, "\(promoted.text)")
            #expect((promoted.object["options"] as? [String: String]) == ["price_tolerance": "0.50"])
            #expect((promoted.object["source_connection_id"] as? String)?.lowercased() == production.shop.lowercased())
            #expect((promoted.object["target_connection_id"] as? String)?.lowercased() == production.erp.lowercased())
            #expect(try world.count("SELECT count(*) FROM audit_log WHERE action = 'flow.promote'") == 1)
            #expect(world.call(.post, path + "/promote", token: world.acmeViewer.token, json: #"{"diff_hash":"\#(fresh)"}"#).status
                == .forbidden)
        }
    }

    @Test func promotingIntoAProductionWithoutTheNeededConnectionNamesTheField() throws {
        try APIWorld.with { world in
            let sandbox = try Self.connections("sandbox", in: world)
            #expect(Self.configure("sandbox", sandbox, options: "{}", in: world).status == .ok)
            let path = "/customers/\(world.a1.id)/flows/order-to-erp"
            let shown = world.call(.get, path + "/promotion", token: world.acmeAdmin.token)
            #expect(shown.object["creates_production_flow"] as? Bool == true)
            let hash = try #require(shown.object["diff_hash"] as? String)
            let refused = world.call(.post, path + "/promote", token: world.acmeAdmin.token, json: #"{"diff_hash":"\#(hash)"}"#)
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("/source_connection_id"), "\(refused.text)")
            #expect(try world.count("SELECT count(*) FROM customer_flows WHERE environment_kind = 'production'") == 0)
            #expect(world.call(.get, "/customers/\(world.a1.id)/flows/returns/promotion", token: world.acmeAdmin.token).status
                == .notFound)
        }
    }
}
