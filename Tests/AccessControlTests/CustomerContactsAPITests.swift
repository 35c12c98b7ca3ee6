import Foundation
import HTTP
import Postgres
import Testing
import TestSupport

/// Issue 4 §4 over HTTP: a customer's contacts, in the order alerts will escalate through
/// them; readable by whoever may read the customer, changed by partner admins, audited.
@Suite struct CustomerContactsAPITests {
    @Test func aPartnerAdminAddsChangesAndRemovesContactsAndTheCustomersViewerReadsThem() throws {
        try APIWorld.with { (world) throws in
            let contacts = "/customers/\(world.a1.id)/contacts"
            let admin = world.acmeAdmin.token
            let added = world.call(.post, contacts, token: admin, json: """
                {"name":"Ines Ops","email":" Ines@Shop.Example ","phone":"+31 (20) 123-4567","role":"technical","escalation_order":1}
                """)
            #expect(added.status == .created, "\(added.text)")
            #expect(added.object["email"] as? String == "ines@shop.example")
            #expect(added.object["phone"] as? String == "+31201234567")
            let id = try #require(added.object["id"] as? String)

            let viewed = world.call(.get, contacts, token: world.acmeViewer.token)
            #expect(viewed.status == .ok)
            #expect((viewed.object["data"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Ines Ops"])

            let changed = world.call(.patch, "\(contacts)/\(id)", token: admin,
                                     json: #"{"role":"escalation","phone":null,"escalation_order":3}"#)
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(changed.object["role"] as? String == "escalation")
            #expect(changed.object["phone"] == nil)
            #expect(changed.object["escalation_order"] as? Int == 3)

            let removed = world.call(.delete, "\(contacts)/\(id)", token: admin)
            #expect(removed.status == .noContent)
            #expect(removed.body.isEmpty)
            #expect((world.call(.get, contacts, token: admin).object["data"] as? [Any])?.isEmpty == true)
            #expect(world.call(.delete, "\(contacts)/\(id)", token: admin).status == .notFound)

            let actions = try world.db.owner.query("""
                SELECT action FROM audit_log WHERE target_type = 'customer_contact' AND customer_id = \(world.a1.id) ORDER BY occurred_at
                """).decode(String.self, column: "action")
            #expect(actions == ["customer_contact.create", "customer_contact.update", "customer_contact.delete"])
        }
    }

    @Test func contactsAreListedInEscalationOrderWithThoseNeverEscalatedToLast() throws {
        try APIWorld.with { (world) throws in
            let contacts = "/customers/\(world.a1.id)/contacts"
            for (name, order) in [("Second", "2"), ("Billing", "null"), ("First", "1")] {
                let response = world.call(.post, contacts, token: world.acmeAdmin.token, json: """
                    {"name":"\(name)","email":"\(name.lowercased())@shop.example","role":"escalation","escalation_order":\(order)}
                    """)
                #expect(response.status == .created, "\(response.text)")
            }
            let listed = world.call(.get, contacts, token: world.acmeOperator.token).object["data"] as? [[String: Any]] ?? []
            #expect(listed.compactMap { $0["name"] as? String } == ["First", "Second", "Billing"])
        }
    }

    @Test func aViewerOfOneCustomerNeitherSeesAnothersContactsNorChangesTheirOwn() throws {
        try APIWorld.with { (world) throws in
            let theirs = try PermissionMatrixTests.contact(of: world.a2.id, in: world)
            let own = try PermissionMatrixTests.contact(of: world.a1.id, in: world)
            let viewer = world.acmeViewer.token
            let hidden = world.call(.get, "/customers/\(world.a2.id)/contacts", token: viewer)
            #expect(hidden.status == .notFound)
            #expect(!hidden.text.contains(theirs.uuidString.lowercased()))
            #expect(world.call(.post, "/customers/\(world.a1.id)/contacts", token: viewer,
                               json: #"{"name":"X","email":"x@shop.example","role":"billing"}"#).status == .forbidden)
            #expect(world.call(.delete, "/customers/\(world.a1.id)/contacts/\(own)", token: viewer).status == .forbidden)
            #expect(try world.count("SELECT count(*) FROM customer_contacts") == 2)
        }
    }

    @Test func badContactInputIsA422NamingTheFieldAndWritesNothing() throws {
        try APIWorld.with { (world) throws in
            let contacts = "/customers/\(world.a1.id)/contacts"
            let existing = world.call(.post, contacts, token: world.acmeAdmin.token,
                                      json: #"{"name":"Taken","email":"taken@shop.example","role":"billing"}"#)
            #expect(existing.status == .created)
            let cases: [(body: String, field: String, status: HTTPStatus)] = [
                (#"{"name":"P","email":"p@shop.example","phone":"020 123 4567","role":"billing"}"#, "/phone", .unprocessableContent),
                (#"{"name":"P","email":"p@shop.example","phone":"+0 20 123 4567","role":"billing"}"#, "/phone", .unprocessableContent),
                (#"{"name":"P","email":"not an address","role":"billing"}"#, "/email", .unprocessableContent),
                (#"{"name":"P","email":"p@shop.example","role":"boss"}"#, "/role", .unprocessableContent),
                (#"{"name":"P","email":"p@shop.example","role":"billing","escalation_order":0}"#, "/escalation_order",
                 .unprocessableContent),
                (#"{"name":" ","email":"p@shop.example","role":"billing"}"#, "/name", .unprocessableContent),
                (#"{"name":"P","email":"p@shop.example","role":"billing","pager":"1"}"#, "/pager", .unprocessableContent),
                (#"{"name":"Again","email":"TAKEN@shop.example","role":"technical"}"#, "/email", .conflict),
            ]
            let before = try world.count("SELECT count(*) FROM customer_contacts")
            let audited = try world.count("SELECT count(*) FROM audit_log")
            for bad in cases {
                let response = world.call(.post, contacts, token: world.acmeAdmin.token, json: bad.body)
                #expect(response.status == bad.status, "\(bad.body): \(response.status.code) \(response.text)")
                #expect(response.fields.contains(bad.field), "\(bad.body): problem names \(response.fields)")
            }
            #expect(try world.count("SELECT count(*) FROM customer_contacts") == before)
            #expect(try world.count("SELECT count(*) FROM audit_log") == audited)
        }
    }
}
