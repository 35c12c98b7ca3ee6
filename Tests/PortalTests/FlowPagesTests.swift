import Flows
import Foundation
import HTTPClient
import Portal
import Tenancy
import Testing
import TestSupport

/// Issue 6 §8 in the portal: a customer's flows per environment, paused with a reason and
/// resumed, and a connection paused by a permanent error shown on the flow it stops.
@Suite struct FlowPagesTests {
    struct World {
        let partner: Partner
        let customer: Customer
        let production: Tenancy.Environment
        let erp: Connection
        let shop: Connection
        var flowsPage: String { "/customers/\(customer.id.uuidString.lowercased())/flows" }
        var flowPath: String { flowsPage + "/\(production.id.uuidString.lowercased())/order-to-erp" }
    }

    /// A customer with a shop and an ERP in production and "Orders to ERP" switched on between them.
    func world(_ portal: PortalHarness, partner: Partner) throws -> World {
        let admin = portal.db.principal(.partnerAdmin, partner: partner.id)
        let catalog = ConnectorCatalog.standard(runtime: .init(httpClient: try HTTPClient()))
        let box = SecretBox(keyring: Keyring(current: .random()))
        let customer = try portal.makeCustomer("Corner <Shop>", in: partner)
        return try portal.db.asCaller(admin) { connection, caller in
            let production = try #require(try Environments.list(customer: customer.id, for: admin, on: connection)
                .first { $0.kind == .production })
            let shop = try Connections.create(NewConnection(
                environmentID: production.id, kind: .wooCommerce, name: "Web shop",
                values: ["store_url": "https://shop.test", "consumer_key": "ck", "consumer_secret": "cs"]),
                customer: customer.id, catalog: catalog, box: box, by: caller, on: connection)
            let erp = try Connections.create(NewConnection(
                environmentID: production.id, kind: .trytonERP, name: "ERP",
                values: ["server_url": "http://erp.test:8000", "database": "erp", "login": "admin", "password": "secret"]),
                customer: customer.id, catalog: catalog, box: box, by: caller, on: connection)
            _ = try CustomerFlows.configure(FlowConfiguration(environmentID: production.id, flow: .orderToERP,
                                                              sourceConnectionID: shop.id, targetConnectionID: erp.id,
                                                              options: ["price_tolerance": "0.01"]),
                                            customer: customer.id, by: caller, on: connection)
            return World(partner: partner, customer: customer, production: production, erp: erp, shop: shop)
        }
    }

    @Test func pauseNeedsAReasonAndResumeFlipsTheFlowBack() throws {
        try PortalHarness.with { portal in
            let (admin, partner, _) = try portal.signedIn(.partnerAdmin)
            let world = try world(portal, partner: partner)
            let page = try admin.get(world.flowsPage).text
            #expect(page.contains("Orders to ERP") && page.contains("Web shop") && page.contains("price_tolerance"))
            #expect(page.contains(#"data-testid="flow-status">Running"#))
            #expect(page.contains("Corner &lt;Shop&gt;"))

            let refused = try portal.submit(admin, from: world.flowsPage, to: world.flowPath + "/pause", [("reason", " ")])
            #expect(refused.status == 422 && refused.text.contains(#"id="field-reason-error""#))
            #expect(try portal.db.count("SELECT count(*) FROM customer_flows WHERE status = 'paused'") == 0)

            let paused = try portal.submit(admin, from: world.flowsPage, to: world.flowPath + "/pause",
                                           [("reason", "Stock count this weekend")])
            #expect(paused.status == 303)
            let shown = try admin.get(try #require(paused.headers["Location"])).text
            #expect(shown.contains(#"data-testid="flow-status">Paused"#) && shown.contains("Paused because: Stock count this weekend"))
            #expect(shown.contains("The flow was paused."))
            #expect(try portal.db.count("SELECT count(*) FROM customer_flows WHERE status = 'paused'") == 1)

            let resumed = try portal.submit(admin, from: world.flowsPage, to: world.flowPath + "/resume", [])
            #expect(resumed.status == 303)
            #expect(try admin.get(world.flowsPage).text.contains(#"data-testid="flow-status">Running"#))
            #expect(try portal.db.count("SELECT count(*) FROM customer_flows WHERE status = 'active'") == 1)
            #expect(try portal.db.count("SELECT count(*) FROM audit_log WHERE action IN ('flow.pause', 'flow.resume')") == 2)
        }
    }

    @Test func aConnectionPausedByAPermanentErrorShowsItsReasonOnTheFlow() throws {
        try PortalHarness.with { portal in
            let (admin, partner, _) = try portal.signedIn(.partnerAdmin)
            let world = try world(portal, partner: partner)
            try portal.db.asCaller(portal.db.principal(.partnerAdmin, partner: partner.id)) { connection, caller in
                _ = try Connections.pause(world.erp.id, reason: "Paused after a permanent error: the ERP refused the login",
                                          by: caller, on: connection)
            }
            let page = try admin.get(world.flowsPage).text
            #expect(page.contains("Stopped by a paused connection"))
            #expect(page.contains("Paused after a permanent error: the ERP refused the login"))
        }
    }

    @Test func viewersSeeFlowsWithoutFormsAndOperatorsCannotPause() throws {
        try PortalHarness.with { portal in
            let (_, partner, _) = try portal.signedIn(.partnerAdmin)
            let world = try world(portal, partner: partner)
            let (viewer, _, _) = try portal.signedIn(.customerViewer, partner: partner, customer: world.customer.id)
            let viewed = try viewer.get(world.flowsPage)
            #expect(viewed.status == 200 && viewed.text.contains("Orders to ERP"))
            #expect(!viewed.text.contains("/pause") && !viewed.text.contains("Reason for pausing"))

            let (operatorBrowser, _, _) = try portal.signedIn(.partnerOperator, partner: partner)
            let refused = try portal.submit(operatorBrowser, from: world.flowsPage, to: world.flowPath + "/pause",
                                            [("reason", "Not mine to pause")])
            #expect(refused.status == 403)
            #expect(try portal.db.count("SELECT count(*) FROM customer_flows WHERE status = 'paused'") == 0)
        }
    }

    @Test func aFlowsSyncPositionIsShownAndMovedBackToReReadAWindow() throws {
        try PortalHarness.with { portal in
            let (admin, partner, _) = try portal.signedIn(.partnerAdmin)
            let world = try world(portal, partner: partner)
            // The position the poller left after reading the shop's orders.
            try portal.db.owner.execute("""
                INSERT INTO flow_cursors (partner_id, customer_id, flow_id, feed, connection_id, position, polled_at, changes_read,
                                          last_change_at)
                SELECT partner_id, customer_id, id, 'order', \(world.shop.id), '{"seen":[]}', '2026-11-22 10:05+00', 42,
                       '2026-11-22 10:04+00'
                FROM customer_flows WHERE customer_id = \(world.customer.id)
                """)
            let page = try admin.get(world.flowsPage).text
            #expect(page.contains(#"data-feed="order""#) && page.contains("2026-11-22 10:05 UTC") && page.contains(">42<"))

            let refused = try portal.submit(admin, from: world.flowsPage, to: world.flowPath + "/cursors/reset",
                                            [("feed", "order"), ("connection_id", world.shop.id.uuidString.lowercased()),
                                             ("reset_to", "last tuesday")])
            #expect(refused.status == 422 && refused.text.contains("Must be a UTC time such as 2026-11-20 00:00."))
            #expect(try portal.db.count("SELECT count(*) FROM flow_cursors WHERE reset_to IS NOT NULL") == 0)

            let moved = try portal.submit(admin, from: world.flowsPage, to: world.flowPath + "/cursors/reset",
                                          [("feed", "order"), ("connection_id", world.shop.id.uuidString.lowercased()),
                                           ("reset_to", "2026-11-20 00:00")])
            #expect(moved.status == 303)
            let shown = try admin.get(try #require(moved.headers["Location"])).text
            #expect(shown.contains("Re-reading from 2026-11-20 00:00 UTC"))
            #expect(try portal.db.count("""
                SELECT count(*) FROM flow_cursors WHERE reset_to = '2026-11-20 00:00+00' AND position LIKE '%2026-11-19T23:59:59%'
                """) == 1, "the shop's own position for a read from that time")
            #expect(try portal.db.count("SELECT count(*) FROM audit_log WHERE action = 'flow.cursor.reset'") == 1)

            let (viewer, _, _) = try portal.signedIn(.customerViewer, partner: partner, customer: world.customer.id)
            #expect(!(try viewer.get(world.flowsPage).text.contains("/cursors/reset")))
        }
    }

    @Test func anOpenProblemIsShownToTheRetailersViewerUntilItClears() throws {
        try PortalHarness.with { portal in
            let (admin, partner, _) = try portal.signedIn(.partnerAdmin)
            let world = try world(portal, partner: partner)
            #expect(!(try admin.get(world.flowsPage).text.contains("Needs attention")))
            _ = try portal.db.owner.execute("""
                INSERT INTO flow_problems (partner_id, customer_id, environment_id, flow_id, connection_id, kind, detail_key, summary,
                                           opened_at, last_seen_at, occurrences)
                SELECT partner_id, customer_id, environment_id, id, source_connection_id, 'webhook_disabled', '7',
                       'Web shop stopped sending <order.created> events', now() - interval '2 hours', now(), 3
                FROM customer_flows WHERE customer_id = \(world.customer.id)
                """)
            let (viewer, _, _) = try portal.signedIn(.customerViewer, partner: partner, customer: world.customer.id)
            let page = try viewer.get(world.flowsPage).text
            #expect(page.contains(#"data-testid="problems""#) && page.contains("Webhook stopped"))
            #expect(page.contains("Orders to ERP (Production) · Web shop"))
            #expect(page.contains("Web shop stopped sending &lt;order.created&gt; events"), "escaped")
            #expect(page.contains("seen 3 times"))

            _ = try portal.db.owner.execute("UPDATE flow_problems SET resolved_at = now(), resolution = 'Delivers again.'")
            #expect(!(try viewer.get(world.flowsPage).text.contains("Needs attention")))
        }
    }
}
