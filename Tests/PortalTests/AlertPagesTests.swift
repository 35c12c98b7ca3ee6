import Foundation
import HTTPClient
import Portal
import Postgres
import Tenancy
import Testing
import TestSupport

/// Issue 7 §4 in the portal: the partner's alerts, open first by impact, acknowledged and
/// resolved through forms that carry the CSRF token; the resolved ones in the history; customer
/// viewers neither see the page nor its link.
@Suite struct AlertPagesTests {
    /// An open alert at `impact` of a rule of its own over `customer`, with one e-mail sent.
    static func alert(_ impact: String, flow: String, summary: String, customer: Customer, in portal: PortalHarness) throws -> UUID {
        let rule = try portal.db.owner.query("""
            INSERT INTO alert_rules (partner_id, name, scope, customer_id, flow, kind, threshold, impact)
            VALUES (\(customer.partnerID), \("Rule " + flow), 'flow', \(customer.id), \(flow), 'dead_messages', 1, \(impact))
            RETURNING id
            """).single().decode(UUID.self, at: 0)
        let id = try portal.db.owner.query("""
            INSERT INTO alerts (partner_id, rule_id, customer_id, flow, subject, impact, opened_at, last_seen_at, value, summary, level,
                                next_notification_at)
            VALUES (\(customer.partnerID), \(rule), \(customer.id), \(flow), \(flow), \(impact), now(), now(), 2, \(summary), 1,
                    now() + interval '30 minutes')
            RETURNING id
            """).single().decode(UUID.self, at: 0)
        _ = try portal.db.owner.execute("""
            INSERT INTO alert_notifications (partner_id, alert_id, channel, level, kind, sent_at, outcome, error)
            VALUES (\(customer.partnerID), \(id), 'email', 1, 'opened', now(), 'failed', '550 mailbox unavailable')
            """)
        return id
    }

    @Test func anOperatorSeesOrderCaptureFirstAndAcknowledgesThenResolvesThroughTheForms() throws {
        try PortalHarness.with { portal in
            let (operatorBrowser, partner, _) = try portal.signedIn(.partnerOperator)
            let customer = try portal.makeCustomer(PortalHarness.hostileName, in: partner)
            let catalogue = try Self.alert("catalogue", flow: "catalog-publish", summary: "Catalogue stale", customer: customer,
                                           in: portal)
            let orders = try Self.alert("order_capture", flow: "order-to-erp", summary: "2 dead orders", customer: customer,
                                        in: portal)

            let page = try operatorBrowser.get("/alerts")
            #expect(page.status == 200)
            let html = page.text
            #expect(html.contains(#"href="/alerts" aria-current="page">Alerts</a>"#))
            let ordersAt = try #require(html.range(of: "2 dead orders"))
            let catalogueAt = try #require(html.range(of: "Catalogue stale"))
            #expect(ordersAt.lowerBound < catalogueAt.lowerBound, "order capture is listed before catalogue")
            #expect(html.contains(PortalHarness.escapedHostileName) && !html.contains(PortalHarness.hostileName))
            #expect(html.contains("550 mailbox unavailable"))
            let path = "/alerts/\(orders.uuidString.lowercased())"
            #expect(html.contains(#"action="\#(path)/acknowledge""#) && html.contains(#"name="_csrf""#))

            // Without the CSRF token the form is refused and nothing changes.
            let forged = try operatorBrowser.post(path + "/acknowledge", [])
            #expect(forged.status == 403)
            #expect(try portal.db.count("SELECT count(*) FROM alerts WHERE state = 'acknowledged'") == 0)

            let acknowledged = try portal.submit(operatorBrowser, from: "/alerts", to: path + "/acknowledge", [])
            #expect(acknowledged.status == 303)
            #expect(acknowledged.headers["Location"] == "/alerts?notice=alert-acknowledged")
            #expect(try portal.db.count("""
                SELECT count(*) FROM alerts WHERE id = \(orders) AND state = 'acknowledged' AND next_notification_at IS NULL
                """) == 1)
            let after = try operatorBrowser.get("/alerts?notice=alert-acknowledged").text
            #expect(after.contains("escalation stopped") && !after.contains(#"action="\#(path)/acknowledge""#))

            let blank = try portal.submit(operatorBrowser, from: "/alerts", to: path + "/resolve", [("comment", "  ")])
            #expect(blank.status == 422)
            #expect(blank.text.contains(#"id="field-comment-\#(orders.uuidString.lowercased())-error""#))

            let resolved = try portal.submit(operatorBrowser, from: "/alerts", to: path + "/resolve",
                                             [("comment", "ERP back; orders replayed")])
            #expect(resolved.status == 303)
            let history = try operatorBrowser.get("/alerts").text
            let resolvedSection = try #require(history.components(separatedBy: #"data-testid="resolved-alerts""#).last)
            #expect(resolvedSection.contains("ERP back; orders replayed") && resolvedSection.contains("2 dead orders"))
            #expect(history.contains(#"action="/alerts/\#(catalogue.uuidString.lowercased())/acknowledge""#))
            #expect(try portal.db.count("SELECT count(*) FROM audit_log WHERE action IN ('alert.acknowledge', 'alert.resolve')") == 2)
        }
    }

    @Test func anAdminAddsARuleAndASignedWebhookContactThroughTheSettingsForms() throws {
        try PortalHarness.with { portal in
            let (admin, partner, _) = try portal.signedIn(.partnerAdmin)
            let customer = try portal.makeCustomer("Corner Shop", in: partner)
            let settings = "/alerts/settings"
            let page = try admin.get(settings)
            #expect(page.status == 200 && page.text.contains(#"action="/alerts/rules""#) && page.text.contains("Corner Shop"))

            let refused = try portal.submit(admin, from: settings, to: "/alerts/rules", [
                ("kind", "failure_rate"), ("customer_id", customer.id.uuidString.lowercased()), ("name", "Orders"),
                ("flow", "order-to-erp"), ("threshold", "120"),
            ])
            #expect(refused.status == 422 && refused.text.contains(#"id="field-threshold-error""#))
            let added = try portal.submit(admin, from: settings, to: "/alerts/rules", [
                ("kind", "failure_rate"), ("customer_id", customer.id.uuidString.lowercased()), ("name", "Orders"),
                ("flow", "order-to-erp"), ("threshold", "12.5"), ("escalate_after_minutes", "20"),
            ])
            #expect(added.status == 303)
            #expect(try portal.db.count("""
                SELECT count(*) FROM alert_rules WHERE scope = 'flow' AND impact = 'order_capture' AND threshold = 12.5
                  AND escalate_after_minutes = 20 AND window_minutes = 15 AND enabled
                """) == 1)

            let secret = "portal-alert-secret-0001"
            let contact = try portal.submit(admin, from: settings, to: "/alerts/contacts", [
                ("channel", "webhook"), ("position", "1"), ("address", "https://chat.example/hooks/T1"), ("signing_secret", secret),
            ])
            #expect(contact.status == 303)
            let listed = try admin.get(settings).text
            #expect(listed.contains("https://chat.example/hooks/T1") && listed.contains("(signed)") && !listed.contains(secret))

            let ruleID = try portal.db.owner.query("SELECT id FROM alert_rules").single().decode(UUID.self, at: 0)
            let switched = try portal.submit(admin, from: settings, to: "/alerts/rules/\(ruleID.uuidString.lowercased())/toggle", [])
            #expect(switched.status == 303)
            #expect(try portal.db.count("SELECT count(*) FROM alert_rules WHERE NOT enabled") == 1)
            #expect(try portal.db.count("SELECT count(*) FROM audit_log WHERE action LIKE 'alert_%'") == 3)
        }
    }

    @Test func customerViewersGetNeitherThePageNorItsLink() throws {
        try PortalHarness.with { portal in
            let (_, partner, _) = try portal.signedIn(.partnerAdmin)
            let customer = try portal.makeCustomer("Corner Shop", in: partner)
            _ = try Self.alert("order_capture", flow: "order-to-erp", summary: "2 dead orders", customer: customer, in: portal)
            let (viewer, _, _) = try portal.signedIn(.customerViewer, partner: partner, customer: customer.id)
            let refused = try viewer.get("/alerts")
            #expect(refused.status == 403 && !refused.text.contains("2 dead orders"))
            #expect(try viewer.get("/alerts/settings").status == 403)
            #expect(!(try viewer.get("/").text.contains(#"href="/alerts""#)))
        }
    }
}
