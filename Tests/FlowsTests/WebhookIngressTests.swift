import Connectors
import Crypto
import Flows
import Foundation
import HTTPClient
import Postgres
import Tenancy
import Testing
import TestSupport

/// Issue 6 §2: a delivery is verified with its connection's connector, stored as a message with
/// its job in one transaction (202 means durable), recognised when repeated, and refused with
/// the reason when unsigned, forged or sent to no connection.
@Suite struct WebhookIngressTests {
    static let webhookSecret = "wc-webhook-secret-for-tests"
    let box = SecretBox(keyring: Keyring(current: .random()))

    /// The captured WooCommerce 11 `order.created` delivery: its headers and raw body.
    static func capturedOrderCreated() throws -> (headers: [(name: String, value: String)], body: [UInt8]) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/order.created-webhook3.json")
        let capture = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        let body = Array((capture["body"] as? String ?? "").utf8)
        let headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"), ("X-WC-Webhook-Source", "http://shop.test/"),
            ("X-WC-Webhook-Topic", "order.created"), ("X-WC-Webhook-Resource", "order"), ("X-WC-Webhook-Event", "created"),
            ("X-WC-Webhook-ID", "3"), ("X-WC-Webhook-Delivery-ID", "8f1d"),
        ]
        return (headers, body)
    }

    /// WooCommerce's signature: base64 of HMAC-SHA256 of the raw body with the webhook secret.
    static func signed(_ headers: [(name: String, value: String)], _ body: [UInt8], secret: String = webhookSecret)
        -> WebhookDelivery {
        let signature = Data(HMAC.sha256(key: Array(secret.utf8), message: body)).base64EncodedString()
        return WebhookDelivery(headers: headers + [(name: "X-WC-Webhook-Signature", value: signature)], body: body)
    }

    func withIngress(_ body: (TenantTestDatabase, WebhookIngress, String, Customer) throws -> Void) throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let catalog = ConnectorCatalog.standard(runtime: .init(httpClient: try HTTPClient()))
            let (customer, token) = try db.asCaller(admin) { connection, caller in
                let customer = try Customers.create(NewCustomer(name: "Shop"), by: caller, on: connection)
                let production = try #require(try Environments.list(customer: customer.id, for: admin, on: connection)
                    .first { $0.kind == .production })
                let shop = try Connections.create(NewConnection(
                    environmentID: production.id, kind: .wooCommerce, name: "Web shop",
                    values: ["store_url": "http://shop.test", "consumer_key": "ck_test", "consumer_secret": "cs_test",
                             "webhook_secret": Self.webhookSecret]),
                    customer: customer.id, catalog: catalog, box: box, by: caller, on: connection)
                return (customer, try Connections.issueIngressToken(shop.id, by: caller, on: connection))
            }
            try body(db, WebhookIngress(database: db.database, catalog: catalog, secretBox: box), token, customer)
        }
    }

    @Test func aSignedDeliveryIsStoredWithItsJobBeforeItIsAccepted() throws {
        try withIngress { db, ingress, token, customer in
            let (headers, body) = try Self.capturedOrderCreated()
            let answer = try ingress.receive(token: token, delivery: Self.signed(headers, body))
            guard case .accepted(let messageID) = answer else { Issue.record("not accepted: \(answer)"); return }
            let (flow, status, reference, customerID) = try db.owner.query("""
                SELECT flow, status, reference, customer_id FROM messages WHERE id = \(messageID)
                """).single().decode((String, String, String?, UUID).self)
            #expect(flow == "order-to-erp" && status == "received" && customerID == customer.id)
            #expect(reference != nil)
            let jobs = try db.owner.query("""
                SELECT count(*) FROM jobs WHERE kind = 'flow.message' AND (payload->>'message_id')::uuid = \(messageID)
                """).single().decode(Int.self)
            #expect(jobs == 1)
        }
    }

    @Test func aRepeatedDeliveryIsRecognisedAndNotQueuedAgain() throws {
        try withIngress { db, ingress, token, _ in
            let (headers, body) = try Self.capturedOrderCreated()
            let first = try ingress.receive(token: token, delivery: Self.signed(headers, body))
            let second = try ingress.receive(token: token, delivery: Self.signed(headers, body))
            guard case .accepted(let id) = first else { Issue.record("not accepted"); return }
            #expect(second == .duplicate(messageID: id))
            #expect(try db.owner.query("SELECT count(*) FROM messages").single().decode(Int.self) == 1)
            #expect(try db.owner.query("SELECT count(*) FROM jobs WHERE kind = 'flow.message'").single().decode(Int.self) == 1)
        }
    }

    @Test func anUnsignedOrForgedDeliveryIsRefusedAndNothingIsStored() throws {
        try withIngress { db, ingress, token, _ in
            let (headers, body) = try Self.capturedOrderCreated()
            let unsigned = try ingress.receive(token: token, delivery: WebhookDelivery(headers: headers, body: body))
            let forged = try ingress.receive(token: token, delivery: Self.signed(headers, body, secret: "not-the-secret"))
            guard case .refused(let status, let reason) = unsigned, case .refused(let forgedStatus, _) = forged else {
                Issue.record("accepted \(unsigned) \(forged)"); return
            }
            #expect(status == 401 && forgedStatus == 401)
            #expect(reason.lowercased().contains("signature"))
            #expect(try db.owner.query("SELECT count(*) FROM messages").single().decode(Int.self) == 0)
        }
    }

    @Test func anUnknownTokenIsNotFoundAndAPingIsAnsweredWithoutAMessage() throws {
        try withIngress { db, ingress, token, _ in
            let (_, body) = try Self.capturedOrderCreated()
            #expect(try ingress.receive(token: "cph_unknown", delivery: Self.signed([], body))
                    == .refused(status: 404, reason: "No webhook is registered at this address."))
            // As captured: WooCommerce pings a new webhook with a form body and no signature.
            let ping = try ingress.receive(token: token, delivery: WebhookDelivery(
                headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded")], body: Array("webhook_id=3".utf8)))
            #expect(ping == .ping)
            #expect(try db.owner.query("SELECT count(*) FROM messages").single().decode(Int.self) == 0)
        }
    }
}
