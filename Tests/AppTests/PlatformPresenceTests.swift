import Flows
import Foundation
import Postgres
import Tenancy
import Testing
import TestSupport
@testable import App

/// A node's heartbeats and the deliveries it refused reach the availability tables
/// (Migrations/0016), the refusals attributed to the customer whose connection the token names.
@Suite struct PlatformPresenceTests {
    @Test func heartbeatsAndRefusalsAreRecordedForTheTokensCustomer() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let customer = try db.asCaller(admin) { try Customers.create(NewCustomer(name: "Shop"), by: $1, on: $0) }
            let connectionID = try db.owner.query("""
                INSERT INTO connections (partner_id, customer_id, environment_id, environment_kind, kind, name, endpoint)
                SELECT partner_id, customer_id, id, kind, 'woocommerce', 'Shop', 'http://shop.test'
                FROM environments WHERE customer_id = \(customer.id) AND kind = 'production' RETURNING id
                """).single().decode(UUID.self, at: 0)
            let token = try db.asCaller(admin) { try Connections.issueIngressToken(connectionID, by: $1, on: $0) }

            let presence = PlatformPresence(database: db.database.pool, logger: TenantTestDatabase.logger)
            presence.start(.web)
            presence.stop()
            #expect(try db.count("SELECT count(*) FROM platform_heartbeats WHERE role = 'web'") >= 1)
            #expect(try db.count("SELECT count(*) FROM platform_heartbeats WHERE role = 'worker'") == 0)

            let at = Date(timeIntervalSince1970: 1_773_000_030)
            presence.recordRefusal(token: token, at: at, reason: "the database failed (connectionLost)")
            presence.recordRefusal(token: token, at: at.addingTimeInterval(20), reason: "the database failed (connectionLost)")
            presence.recordRefusal(token: "not-a-token", at: at, reason: "the database failed (connectionLost)")
            try presence.beat(at: at)
            try presence.beat(at: at)
            let rows = try db.owner.query("SELECT customer_id, minute, refused, reason FROM ingress_refusals")
                .decode((UUID, Date, Int, String).self)
            #expect(rows.count == 1)
            #expect(rows.first?.0 == customer.id && rows.first?.1 == Date(timeIntervalSince1970: 1_773_000_000))
            #expect(rows.first?.2 == 2 && rows.first?.3 == "the database failed (connectionLost)")
        }
    }
}
