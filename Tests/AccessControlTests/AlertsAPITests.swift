import Foundation
import HTTP
import Postgres
import Testing
import TestSupport

/// Issue 7 §4 over HTTP: alerts listed open first by impact, one with its history, answered
/// (acknowledge, resolve with a comment, both audited); rules and contacts written with their
/// fields checked by name; a contact's signing secret is never returned; customer viewers and
/// other partners see nothing.
@Suite struct AlertsAPITests {
    /// An open alert at `impact` of a rule of its own over customer a1, stored as the owner,
    /// with one notification sent.
    static func alert(_ impact: String, flow: String, in world: APIWorld) throws -> String {
        let rule = try world.db.owner.query("""
            INSERT INTO alert_rules (partner_id, name, scope, customer_id, flow, kind, threshold, impact)
            VALUES (\(world.acme.id), \("Rule " + flow), 'flow', \(world.a1.id), \(flow), 'dead_messages', 1, \(impact))
            RETURNING id
            """).single().decode(UUID.self, at: 0)
        let id = try world.db.owner.query("""
            INSERT INTO alerts (partner_id, rule_id, customer_id, flow, subject, impact, opened_at, last_seen_at, value, summary, level)
            VALUES (\(world.acme.id), \(rule), \(world.a1.id), \(flow), \(flow), \(impact), now() - interval '5 minutes', now(), 2,
                    'One: 2 dead messages', 1)
            RETURNING id
            """).single().decode(UUID.self, at: 0)
        _ = try world.db.owner.execute("""
            INSERT INTO alert_notifications (partner_id, alert_id, channel, level, kind, sent_at, outcome)
            VALUES (\(world.acme.id), \(id), 'email', 1, 'opened', now(), 'sent')
            """)
        return id.uuidString.lowercased()
    }

    @Test func alertsAreListedOrderCaptureFirstAndAnOperatorAcknowledgesThenResolvesWithAComment() throws {
        try APIWorld.with { world in
            let catalogue = try Self.alert("catalogue", flow: "catalog-publish", in: world)
            let orders = try Self.alert("order_capture", flow: "order-to-erp", in: world)

            let listed = world.call(.get, "/alerts", token: world.acmeOperator.token)
            #expect(listed.status == .ok, "\(listed.text)")
            let rows = try #require(listed.object["data"] as? [[String: Any]])
            #expect(rows.compactMap { $0["id"] as? String } == [orders, catalogue])
            #expect(rows.first?["value"] as? String == "2" && rows.first?["notifications"] == nil)

            let one = world.call(.get, "/alerts/\(orders)", token: world.acmeAdmin.token)
            let history = try #require(one.object["notifications"] as? [[String: Any]])
            #expect(history.map { $0["kind"] as? String } == ["opened"] && history.first?["outcome"] as? String == "sent")

            let acknowledged = world.call(.post, "/alerts/\(orders)/acknowledge", token: world.acmeOperator.token)
            #expect(acknowledged.status == .ok && acknowledged.object["state"] as? String == "acknowledged", "\(acknowledged.text)")
            #expect(acknowledged.object["next_notification_at"] is NSNull)
            #expect((world.call(.get, "/alerts?state=acknowledged", token: world.acmeAdmin.token).object["data"] as? [Any])?.count == 1)

            let blank = world.call(.post, "/alerts/\(orders)/resolve", token: world.acmeOperator.token, json: #"{"comment":" "}"#)
            #expect(blank.status == .unprocessableContent && blank.text.contains("comment"), "\(blank.text)")
            let resolved = world.call(.post, "/alerts/\(orders)/resolve", token: world.acmeOperator.token,
                                      json: #"{"comment":"ERP back; orders replayed"}"#)
            #expect(resolved.status == .ok && resolved.object["resolution"] as? String == "person", "\(resolved.text)")
            #expect(resolved.object["resolution_comment"] as? String == "ERP back; orders replayed")
            #expect(try world.count("SELECT count(*) FROM audit_log WHERE action IN ('alert.acknowledge', 'alert.resolve')") == 2)
            // Resolved: answering again is a conflict naming the state; the default list is the open ones.
            let again = world.call(.post, "/alerts/\(orders)/acknowledge", token: world.acmeOperator.token)
            #expect(again.status == .conflict && again.text.contains("state"), "\(again.text)")
            #expect((world.call(.get, "/alerts", token: world.acmeAdmin.token).object["data"] as? [[String: Any]])?
                .compactMap { $0["id"] as? String } == [catalogue])
            #expect(world.call(.get, "/alerts?state=closed", token: world.acmeAdmin.token).status == .badRequest)
        }
    }

    @Test func viewersAndOtherPartnersSeeNoAlerts() throws {
        try APIWorld.with { world in
            let id = try Self.alert("order_capture", flow: "order-to-erp", in: world)
            #expect(world.call(.get, "/alerts", token: world.acmeViewer.token).status == .forbidden)
            #expect(world.call(.get, "/alerts/\(id)", token: world.acmeViewer.token).status == .forbidden)
            #expect(world.call(.post, "/alerts/\(id)/acknowledge", token: world.acmeViewer.token).status == .forbidden)
            #expect(world.call(.get, "/alerts/\(id)", token: world.betaAdmin.token).status == .notFound)
            #expect(world.call(.post, "/alerts/\(id)/acknowledge", token: world.betaAdmin.token).status == .notFound)
            #expect((world.call(.get, "/alerts?state=all", token: world.betaAdmin.token).object["data"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func rulesAreWrittenWithTheirFieldsCheckedByName() throws {
        try APIWorld.with { world in
            let body = #"{"name":"Orders failing","scope":"flow","customer_id":"\#(world.a1.id)","flow":"order-to-erp","#
                + #""kind":"failure_rate","threshold":"12.5","window_minutes":30}"#
            let created = world.call(.post, "/alert-rules", token: world.acmeAdmin.token, json: body)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.object["impact"] as? String == "order_capture" && created.object["threshold"] as? String == "12.5")
            #expect(created.object["minimum_volume"] as? Int == 10 && created.object["escalate_after_minutes"] as? Int == 30)
            let id = try #require(created.object["id"] as? String)

            let badThreshold = world.call(.post, "/alert-rules", token: world.acmeAdmin.token,
                                          json: body.replacingOccurrences(of: #""12.5""#, with: #""lots""#))
            #expect(badThreshold.status == .unprocessableContent && badThreshold.text.contains("/threshold"), "\(badThreshold.text)")
            let overHundred = world.call(.post, "/alert-rules", token: world.acmeAdmin.token,
                                         json: body.replacingOccurrences(of: #""12.5""#, with: #""120""#))
            #expect(overHundred.status == .unprocessableContent && overHundred.text.contains("threshold"), "\(overHundred.text)")
            let noFlow = world.call(.post, "/alert-rules", token: world.acmeAdmin.token,
                                    json: body.replacingOccurrences(of: #""flow":"order-to-erp","#, with: ""))
            #expect(noFlow.status == .unprocessableContent && noFlow.text.contains("flow"), "\(noFlow.text)")
            let unknownKind = world.call(.post, "/alert-rules", token: world.acmeAdmin.token,
                                         json: body.replacingOccurrences(of: "failure_rate", with: "vibes"))
            #expect(unknownKind.status == .unprocessableContent && unknownKind.text.contains("/kind"), "\(unknownKind.text)")

            let patched = world.call(.patch, "/alert-rules/\(id)", token: world.acmeOperator.token,
                                     json: #"{"enabled":false,"impact":"stock"}"#)
            #expect(patched.status == .ok && patched.object["enabled"] as? Bool == false, "\(patched.text)")
            #expect(patched.object["impact"] as? String == "stock" && patched.object["threshold"] as? String == "12.5")
            #expect((world.call(.get, "/alert-rules", token: world.acmeOperator.token).object["data"] as? [Any])?.count == 1)
            #expect(world.call(.get, "/alert-rules", token: world.acmeViewer.token).status == .forbidden)
            #expect(world.call(.delete, "/alert-rules/\(id)", token: world.betaAdmin.token).status == .notFound)
            #expect(world.call(.delete, "/alert-rules/\(id)", token: world.acmeAdmin.token).status == .noContent)
            #expect(try world.count("SELECT count(*) FROM audit_log WHERE action LIKE 'alert_rule.%'") == 3)
        }
    }

    @Test func aWebhookContactsSigningSecretIsSealedAndNeverReturned() throws {
        try APIWorld.with { world in
            let secret = "whsec-" + String(repeating: "s", count: 24)
            let created = world.call(.post, "/alert-contacts", token: world.acmeAdmin.token, json: """
                {"position":1,"channel":"webhook","address":"https://chat.example/hooks/T1","signing_secret":"\(secret)"}
                """)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.object["has_signing_secret"] as? Bool == true && !created.text.contains(secret))
            let listed = world.call(.get, "/alert-contacts", token: world.acmeOperator.token)
            #expect(listed.status == .ok && !listed.text.contains(secret) && !listed.text.contains("signing_secret\":\""))

            let taken = world.call(.post, "/alert-contacts", token: world.acmeAdmin.token,
                                   json: #"{"position":1,"channel":"email","address":"ops@acme.example"}"#)
            #expect(taken.status == .conflict && taken.text.contains("position"), "\(taken.text)")
            let badChannel = world.call(.post, "/alert-contacts", token: world.acmeAdmin.token,
                                        json: #"{"position":2,"channel":"pager","address":"ops@acme.example"}"#)
            #expect(badChannel.status == .unprocessableContent && badChannel.text.contains("/channel"), "\(badChannel.text)")
            let secretOnMail = world.call(.post, "/alert-contacts", token: world.acmeAdmin.token,
                                          json: #"{"position":2,"channel":"email","address":"ops@acme.example","signing_secret":"\#(secret)"}"#)
            #expect(secretOnMail.status == .unprocessableContent && secretOnMail.text.contains("signing_secret"), "\(secretOnMail.text)")

            let id = try #require(created.object["id"] as? String)
            #expect(world.call(.delete, "/alert-contacts/\(id)", token: world.acmeOperator.token).status == .noContent)
            #expect((world.call(.get, "/alert-contacts", token: world.acmeAdmin.token).object["data"] as? [Any])?.isEmpty == true)
        }
    }
}
