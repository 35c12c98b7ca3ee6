import Foundation
import HTTP
import Postgres
import Testing
import TestSupport

/// Issue 3, "Bad input": malformed JSON, wrong types, unknown fields, oversize bodies, invalid
/// e-mails, duplicate slugs — a problem+json 4xx naming the field, and nothing written.
@Suite struct BadInputTests {
    /// Row counts of everything a refused request might have touched.
    static func footprint(_ world: APIWorld) throws -> [Int] {
        try ["partners", "customers", "users", "api_tokens", "audit_log", "idempotency_keys"].map {
            try world.count(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \($0)"))
        }
    }

    struct Case: CustomStringConvertible {
        let name: String
        let method: HTTPMethod
        let path: String
        let body: String
        var contentType = "application/json"
        let status: HTTPStatus
        /// The field the problem must name, if any.
        let field: String?
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "malformed JSON", method: .post, path: "/customers", body: #"{"name": "Shop""#,
             status: .badRequest, field: nil),
        Case(name: "wrong type", method: .post, path: "/customers", body: #"{"name": 42}"#,
             status: .unprocessableContent, field: "/name"),
        Case(name: "unknown field", method: .post, path: "/customers", body: #"{"name": "Shop", "colour": "red"}"#,
             status: .unprocessableContent, field: "/colour"),
        Case(name: "missing field", method: .post, path: "/users", body: #"{"name": "No Mail", "role": "partner_operator"}"#,
             status: .unprocessableContent, field: "/email"),
        Case(name: "invalid e-mail", method: .post, path: "/users",
             body: #"{"email": "not-an-address", "name": "X", "role": "partner_operator"}"#,
             status: .unprocessableContent, field: "/email"),
        Case(name: "unknown role", method: .post, path: "/users",
             body: #"{"email": "x@acme.example", "name": "X", "role": "owner"}"#,
             status: .unprocessableContent, field: "/role"),
        Case(name: "another partner's customer", method: .post, path: "/users",
             body: #"{"email": "v@acme.example", "name": "V", "role": "customer_viewer", "customer_id": "01a20000-0000-7000-8000-000000000000"}"#,
             status: .unprocessableContent, field: "/customer_id"),
        Case(name: "empty name", method: .post, path: "/customers", body: #"{"name": "   "}"#,
             status: .unprocessableContent, field: "/name"),
        Case(name: "bad tier code", method: .post, path: "/customers", body: #"{"name": "Shop", "tier_code": "Gold!"}"#,
             status: .unprocessableContent, field: "/tier_code"),
        Case(name: "NUL in a string", method: .post, path: "/customers", body: #"{"name": "Sh\u0000op"}"#,
             status: .unprocessableContent, field: "/name"),
        Case(name: "not JSON at all", method: .post, path: "/customers", body: "name=Shop",
             contentType: "application/x-www-form-urlencoded", status: .unsupportedMediaType, field: nil),
        Case(name: "oversize body", method: .post, path: "/customers",
             body: #"{"name": ""# + String(repeating: "x", count: 70_000) + #""}"#, status: .contentTooLarge, field: nil),
        Case(name: "token scope beyond the role", method: .post, path: "/tokens",
             body: #"{"name": "too much", "scope": "superuser"}"#, status: .unprocessableContent, field: "/scope"),
    ]

    @Test(arguments: cases)
    func badInputIsAProblemNamingTheFieldAndWritesNothing(_ bad: Case) throws {
        try APIWorld.with { (world) throws in
            let before = try Self.footprint(world)
            let response = world.call(bad.method, bad.path, token: world.acmeAdmin.token, json: bad.body,
                                      headers: bad.contentType == "application/json" ? [:] : ["Content-Type": bad.contentType])
            #expect(response.status == bad.status, "\(bad.name): \(response.status.code) \(response.text.prefix(300))")
            #expect(response.headers["Content-Type"] == "application/problem+json")
            if let field = bad.field {
                let fields = (response.object["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                #expect(fields.contains(field), "\(bad.name): problem names \(fields), expected \(field)")
            }
            #expect(try Self.footprint(world) == before, "\(bad.name) wrote something")
        }
    }

    @Test func aDuplicateSlugIsAConflictNamingTheSlug() throws {
        try APIWorld.with { (world) throws in
            let before = try Self.footprint(world)
            let response = world.call(.post, "/partners", token: world.platformAdmin.token, json: #"{"slug": "acme", "name": "Again"}"#)
            #expect(response.status == .conflict)
            let fields = (response.object["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(fields == ["/slug"])
            #expect(try Self.footprint(world) == before)
        }
    }

    @Test func aRepeatedIdempotencyKeyReplaysAndADifferentBodyWithItIsRefused() throws {
        try APIWorld.with { (world) throws in
            let key: HTTPHeaders = ["Idempotency-Key": "create-shop-1"]
            let first = world.call(.post, "/customers", token: world.acmeAdmin.token, json: #"{"name": "Once Only"}"#, headers: key)
            let again = world.call(.post, "/customers", token: world.acmeAdmin.token, json: #"{"name": "Once Only"}"#, headers: key)
            #expect(first.status == .created && again.status == .created)
            #expect(again.headers["Idempotent-Replayed"] == "true")
            #expect(first.body == again.body)
            #expect(try world.count("SELECT count(*) FROM customers WHERE name = 'Once Only'") == 1)
            #expect(try world.count("SELECT count(*) FROM audit_log WHERE action = 'customer.create' AND after->>'name' = 'Once Only'") == 1)
            let other = world.call(.post, "/customers", token: world.acmeAdmin.token, json: #"{"name": "Something Else"}"#, headers: key)
            #expect(other.status == .unprocessableContent)
            #expect(try world.count("SELECT count(*) FROM customers WHERE name = 'Something Else'") == 0)
        }
    }
}
