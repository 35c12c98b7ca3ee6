import API
import Foundation
import HTTP
import Postgres
import Tenancy
import Testing
import TestSupport

/// Issue 3: for every endpoint that names a resource, another tenant's id answers 404 — not
/// 403 (which would confirm it exists), not data — and changes nothing.
@Suite struct CrossTenantTests {
    /// An id of partner B's for each kind of resource a path can name.
    static func foreignID(for path: String, message: String, in world: APIWorld) throws -> String {
        switch path {
        case let p where p.hasPrefix("/customers/"): return world.b1.id.uuidString
        case let p where p.hasPrefix("/users/"): return world.betaAdmin.principal.userID!.uuidString
        case let p where p.hasPrefix("/tokens/"): return world.betaAdmin.tokenID.uuidString
        case let p where p.hasPrefix("/environments/"): return try PermissionMatrixTests.environment(of: world.b1.id, in: world).uuidString
        case let p where p.hasPrefix("/messages/"): return message
        default: throw TenantTestDatabase.SetupError(description: "no foreign id for \(path)")
        }
    }

    /// Everything partner B owns, fingerprinted, to prove a refused request changed nothing.
    static func snapshot(_ world: APIWorld) throws -> String {
        try world.db.owner.query("""
            SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM (
                SELECT row_to_json(c)::text AS t FROM customers c WHERE partner_id = \(world.beta.id)
                UNION ALL SELECT row_to_json(u)::text FROM users u WHERE partner_id = \(world.beta.id)
                UNION ALL SELECT row_to_json(k)::text FROM api_tokens k WHERE partner_id = \(world.beta.id)
                UNION ALL SELECT row_to_json(n)::text FROM customer_contacts n WHERE partner_id = \(world.beta.id)
                UNION ALL SELECT row_to_json(t)::text FROM tiers t WHERE partner_id = \(world.beta.id)
                UNION ALL SELECT row_to_json(m)::text FROM tier_terms m WHERE partner_id = \(world.beta.id)
                UNION ALL SELECT row_to_json(v)::text FROM mapping_versions v WHERE partner_id = \(world.beta.id)
                UNION ALL SELECT row_to_json(l)::text FROM lookup_tables l WHERE partner_id = \(world.beta.id)
                UNION ALL SELECT row_to_json(g)::text FROM messages g WHERE partner_id = \(world.beta.id)
                UNION ALL SELECT row_to_json(f)::text FROM customer_flows f WHERE partner_id = \(world.beta.id)) rows
            """).single().decode(String.self, at: 0)
    }

    @Test func anotherPartnersIdsAnswerNotFoundOnEveryTenantEndpoint() throws {
        try APIWorld.with { world in
            let foreignContact = try PermissionMatrixTests.contact(of: world.b1.id, in: world).uuidString
            try PermissionMatrixTests.mapping(of: world.b1.id, in: world)
            let foreignMessage = try PermissionMatrixTests.deadMessage(of: world.b1.id, in: world).uuidString
            let before = try Self.snapshot(world)
            let named = world.endpoints.filter { $0.path.contains("{id}") && !$0.path.hasPrefix("/partners") }
            #expect(named.count >= 12)
            for endpoint in named {
                let id = try Self.foreignID(for: endpoint.path, message: foreignMessage, in: world)
                let path = endpoint.path.replacingOccurrences(of: "{id}", with: id)
                    .replacingOccurrences(of: "{contact_id}", with: foreignContact)
                    .replacingOccurrences(of: "{flow}", with: "order-to-erp").replacingOccurrences(of: "{name}", with: "sku_xref")
                    .replacingOccurrences(of: "{environment}", with: "production")
                    + (endpoint.operationID == "getCustomerTimeline" ? "?reference=123" : "")
                let (_, body) = PermissionMatrixTests.request(for: endpoint, as: world.acmeAdmin, in: world)
                let headers: HTTPHeaders = endpoint.requestMediaType == "application/json" ? [:]
                    : ["Content-Type": endpoint.requestMediaType]
                let response = world.call(endpoint.method, path, token: world.acmeAdmin.token, json: body, headers: headers)
                #expect(response.status == .notFound, "\(endpoint.method) \(endpoint.path): \(response.status.code) \(response.text)")
                #expect(!response.text.contains(world.b1.name) && !response.text.contains("beta"))
            }
            #expect(try Self.snapshot(world) == before)
        }
    }

    @Test func anotherPartnersTierCodesAndContactsAnswerNotFound() throws {
        try APIWorld.with { world in
            // A tier only beta sells; acme's own bronze is not beta's bronze either.
            try world.db.owner.execute("INSERT INTO tiers (partner_id, code, name, position) VALUES (\(world.beta.id), 'platinum', 'Platinum', 4)")
            let foreignContact = try PermissionMatrixTests.contact(of: world.b1.id, in: world)
            let before = try Self.snapshot(world)
            let admin = world.acmeAdmin.token
            let tierPatch = #"{"name":"Taken over","monthly_price":{"amount":"1.00","currency":"EUR"}}"#
            let attempts: [(HTTPMethod, String, String?)] = [
                (.get, "/tiers/platinum", nil), (.patch, "/tiers/platinum", tierPatch),
                // Acme's own customer with beta's contact id.
                (.patch, "/customers/\(world.a1.id)/contacts/\(foreignContact)", #"{"name":"Moved"}"#),
                (.delete, "/customers/\(world.a1.id)/contacts/\(foreignContact)", nil),
            ]
            for (method, path, body) in attempts {
                let response = world.call(method, path, token: admin, json: body)
                #expect(response.status == .notFound, "\(method) \(path): \(response.status.code) \(response.text)")
            }
            let tiers = world.call(.get, "/tiers", token: admin).object["data"] as? [[String: Any]] ?? []
            #expect(tiers.compactMap { $0["code"] as? String } == ["bronze", "silver", "gold"])
            #expect(try Self.snapshot(world) == before)
        }
    }

    @Test func aCustomerViewerCannotReachAnotherCustomerOfTheSamePartner() throws {
        try APIWorld.with { world in
            let viewer = world.acmeViewer
            let environment = try PermissionMatrixTests.environment(of: world.a2.id, in: world)
            for path in ["/customers/\(world.a2.id)", "/customers/\(world.a2.id)/environments", "/environments/\(environment)",
                         "/customers/\(world.a2.id)/contacts"] {
                #expect(world.call(.get, path, token: viewer.token).status == .notFound, "\(path)")
            }
            let listed = world.call(.get, "/customers", token: viewer.token).object["data"] as? [[String: Any]]
            #expect(listed?.compactMap { $0["name"] as? String } == [world.a1.name])
        }
    }

    @Test func listsNeverContainAnotherPartnersRows() throws {
        try APIWorld.with { world in
            for path in ["/customers", "/users", "/tokens?all=true", "/audit-log"] {
                let response = world.call(.get, path, token: world.acmeAdmin.token)
                #expect(response.status == .ok, "\(path): \(response.text)")
                let partners = (response.object["data"] as? [[String: Any]] ?? []).compactMap { $0["partner_id"] as? String }
                #expect(!partners.contains { $0.lowercased() == world.beta.id.uuidString.lowercased() }, "\(path)")
                #expect(!response.text.contains("beta@") && !response.text.contains(world.b1.name), "\(path)")
            }
        }
    }
}
