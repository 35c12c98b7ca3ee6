import Foundation
import HTTP
import Postgres
import Testing
import TestSupport

/// `GET /customers/{id}/environments/{environment}/xrefs`: "where is order 123?" answered with
/// every system's id, for partner staff and the retailer's own viewer, and for nobody else.
@Suite struct CrossReferencesAPITests {
    /// A WooCommerce and an ERP connection of a1's production, and order WEB-1 linked in both.
    static func linkOrder(in world: APIWorld) throws {
        for (kind, id) in [("woocommerce", "123"), ("tryton-erp", "7")] {
            try world.db.owner.execute("""
                WITH connection AS (
                    INSERT INTO connections (partner_id, customer_id, environment_id, environment_kind, kind, name, endpoint)
                    SELECT partner_id, customer_id, id, kind, \(kind), \(kind), \(kind + " https://" + kind + ".example/")
                    FROM environments WHERE customer_id = \(world.a1.id) AND kind = 'production'
                    RETURNING partner_id, customer_id, environment_kind, id, kind
                )
                INSERT INTO hub_xrefs (partner_id, customer_id, environment, entity, key, system, connection_id, external_id)
                SELECT partner_id, customer_id, environment_kind, 'order', 'WEB-1', kind, id, \(id) FROM connection
                """)
        }
    }

    @Test func oneSystemsIDLeadsToEveryOther() throws {
        try APIWorld.with { world in
            try Self.linkOrder(in: world)
            for member in [world.acmeAdmin, world.acmeOperator, world.acmeViewer] {
                let response = world.call(.get, "/customers/\(world.a1.id)/environments/production/xrefs?system=tryton-erp&external_id=7",
                                          token: member.token)
                #expect(response.status == .ok, "\(member.principal.role): \(response.text)")
                let data = response.object["data"] as? [[String: Any]] ?? []
                #expect(Set(data.compactMap { "\($0["system"] ?? "") \($0["external_id"] ?? "") \($0["key"] ?? "")" })
                        == ["woocommerce 123 WEB-1", "tryton-erp 7 WEB-1"])
            }
            // The sandbox is another hub.
            let sandbox = world.call(.get, "/customers/\(world.a1.id)/environments/sandbox/xrefs?system=woocommerce&external_id=123",
                                     token: world.acmeAdmin.token)
            #expect(sandbox.status == .ok && (sandbox.object["data"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func refusesMissingOrMalformedParametersByName() throws {
        try APIWorld.with { world in
            let base = "/customers/\(world.a1.id)/environments"
            for (query, field) in [("/production/xrefs?external_id=7", "system"), ("/production/xrefs?system=woocommerce", "external_id"),
                                   ("/staging/xrefs?system=woocommerce&external_id=7", "environment"),
                                   ("/production/xrefs?system=woocommerce&external_id=7&entity=invoice", "entity")] {
                let response = world.call(.get, base + query, token: world.acmeAdmin.token)
                #expect(response.status == .badRequest, "\(query): \(response.status.code)")
                #expect(response.text.contains(#""\#(field)""#), "\(query): \(response.text)")
            }
        }
    }

    @Test func anotherCustomersViewerAndAnotherPartnerFindNothing() throws {
        try APIWorld.with { world in
            try Self.linkOrder(in: world)
            let path = "/customers/\(world.a1.id)/environments/production/xrefs?system=woocommerce&external_id=123"
            for member in [world.betaAdmin, world.betaViewer] {
                let response = world.call(.get, path, token: member.token)
                #expect(response.status == .notFound, "\(member.principal.role): \(response.status.code) \(response.text)")
                #expect(!response.text.contains("WEB-1"))
            }
        }
    }
}
