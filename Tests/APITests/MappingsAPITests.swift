@testable import API
import Flows
import Foundation
import HTTP
import Postgres
import Tenancy
import Testing
import TestSupport

/// `/customers/{id}/mappings/{flow}` and `/customers/{id}/lookup-tables` through the real API
/// router over a migrated schema, no sockets: versions, problems as JSON Pointers, previews
/// that save nothing, lookup tables as CSV, and who may do what.
@Suite struct MappingsAPITests {
    /// A partner with an admin, an operator and a viewer (each with a token), and a customer.
    struct World {
        let db: TenantTestDatabase
        let router: Router
        let customer: UUID
        let admin: String, operatorToken: String, viewer: String

        static func with(_ body: (World) throws -> Void) throws {
            try TenantTestDatabase.withSchema { db in
                let router = Router()
                try APIv1.description(gateway: TenantGateway(database: db.database), version: "test").install(on: router)
                let partner = try db.makePartner()
                let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
                let customer = try db.asCaller(admin) { connection, caller in
                    try Customers.create(NewCustomer(name: "Corner Shop"), by: caller, on: connection)
                }
                func token(_ principal: Principal, _ scope: TokenScope) throws -> String {
                    try db.asCaller(principal) { connection, caller in
                        try APITokens.create(name: "t", scope: scope, expiresAt: nil, by: caller, now: Date(), on: connection).plaintext
                    }
                }
                let operatorUser = try db.makeUser(.partnerOperator, partner: partner.id)
                let viewer = try db.makeUser(.customerViewer, partner: partner.id, customer: customer.id)
                try body(World(db: db, router: router, customer: customer.id, admin: try token(admin, .admin),
                               operatorToken: try token(operatorUser, .write), viewer: try token(viewer, .read)))
            }
        }

        var mapping: String { "/api/v1/customers/\(customer.uuidString.lowercased())/mappings/order-to-erp" }
        var tables: String { "/api/v1/customers/\(customer.uuidString.lowercased())/lookup-tables" }

        func call(_ method: HTTPMethod, _ target: String, token: String, body: String? = nil,
                  contentType: String = "application/json") -> (status: Int, json: [String: Any]) {
            var headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            if body != nil { headers.add("Content-Type", contentType) }
            let response = router.respond(to: Request(method: method, target: target, headers: headers, body: Array((body ?? "").utf8)))
            return (response.status.code, (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:])
        }
    }

    static let document = #"""
        {"record": "order", "time_zone": "UTC",
         "fields": [{"target": "number", "source": "number"},
                    {"target": "status", "source": "status", "transforms": [{"kind": "map", "name": "order_status"}]},
                    {"target": "lines[].sku", "source": "line_items[*].sku", "transforms": [{"kind": "trim"}]}],
         "value_maps": [{"name": "order_status", "entries": [{"from": "completed", "to": "completed"}], "fallback": null}],
         "rules": [{"field": "number", "check": "required"}]}
        """#

    static func errorFields(_ json: [String: Any]) -> [String] {
        (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    @Test func savesVersionsAndReadsTheCurrentOneAndTheHistoryBack() throws {
        try World.with { world in
            #expect(world.call(.get, world.mapping, token: world.admin).status == 404, "no version yet")
            let first = world.call(.put, world.mapping, token: world.operatorToken,
                                   body: #"{"mapping": \#(Self.document), "note": "first"}"#)
            #expect(first.status == 200)
            #expect(first.json["version"] as? Int == 1)
            #expect(first.json["note"] as? String == "first")
            let document = try #require(first.json["mapping"] as? [String: Any])
            #expect(document["format"] as? Int == 1)
            #expect(((document["fields"] as? [[String: Any]])?[2])?["target"] as? String == "lines[].sku")
            #expect(((document["value_maps"] as? [[String: Any]])?.first)?["fallback"] is NSNull)

            let second = world.call(.put, world.mapping, token: world.admin,
                                    body: #"{"mapping": \#(Self.document), "expected_version": 1}"#)
            #expect(second.json["version"] as? Int == 2)
            let current = world.call(.get, world.mapping, token: world.admin)
            #expect(current.status == 200)
            #expect(current.json["version"] as? Int == 2)
            let history = world.call(.get, world.mapping + "/versions", token: world.admin)
            #expect((history.json["data"] as? [[String: Any]])?.compactMap { $0["version"] as? Int } == [2, 1])
            #expect(try world.db.count("SELECT count(*) FROM audit_log WHERE action = 'mapping.save' AND actor_kind = 'api_token'") == 2)
        }
    }

    @Test func aDocumentsProblemsComeBackAsPointersIntoTheBodyAndNothingIsSaved() throws {
        try World.with { world in
            let unknownMember = world.call(.put, world.mapping, token: world.admin,
                                           body: #"{"mapping": {"record": "order", "colour": "red", "fields": [{"target": "number", "source": 5}]}}"#)
            #expect(unknownMember.status == 422)
            #expect(Self.errorFields(unknownMember.json) == ["/mapping/colour", "/mapping/fields/0/source"])

            let badContent = world.call(.put, world.mapping, token: world.admin, body: #"""
                {"mapping": {"record": "order", "fields": [{"target": "number", "source": "number["},
                             {"target": "status", "source": "status", "transforms": [{"kind": "lookup", "table": "missing"}]}]},
                 "note": "\#(String(repeating: "n", count: 501))"}
                """#)
            #expect(badContent.status == 422)
            #expect(Self.errorFields(badContent.json) == ["/mapping/fields/0/source", "/mapping/fields/1/transforms/0", "/note"])
            #expect(world.call(.put, world.mapping, token: world.admin, body: "{\"mapping\": ").status == 400)
            let saved = try world.db.count("SELECT count(*) FROM mapping_versions")
            #expect(saved == 0)
        }
    }

    @Test func aSaveBasedOnAnOlderVersionIsAConflict() throws {
        try World.with { world in
            _ = world.call(.put, world.mapping, token: world.admin, body: #"{"mapping": \#(Self.document)}"#)
            _ = world.call(.put, world.mapping, token: world.admin, body: #"{"mapping": \#(Self.document), "expected_version": 1}"#)
            let stale = world.call(.put, world.mapping, token: world.admin, body: #"{"mapping": \#(Self.document), "expected_version": 1}"#)
            #expect(stale.status == 409)
            #expect(Self.errorFields(stale.json) == ["/expected_version"])
            let saved = try world.db.count("SELECT count(*) FROM mapping_versions")
            #expect(saved == 2)
        }
    }

    @Test func previewMapsARecordWithTheSentMappingOrTheCurrentVersionAndSavesNothing() throws {
        try World.with { world in
            let record = #"{"number": "23", "status": "wc-shipped", "line_items": [{"sku": " MUG-1 "}]}"#
            #expect(world.call(.post, world.mapping + "/preview", token: world.admin, body: #"{"record": \#(record)}"#).status == 404)
            let sent = world.call(.post, world.mapping + "/preview", token: world.admin,
                                  body: #"{"record": \#(record), "mapping": \#(Self.document)}"#)
            #expect(sent.status == 200)
            let fields = try #require(sent.json["fields"] as? [String: Any])
            #expect(fields["number"] as? String == "23")
            #expect(((fields["lines"] as? [[String: Any]])?.first)?["sku"] as? String == "MUG-1", "record keys keep their case")
            let problems = try #require(sent.json["problems"] as? [[String: Any]])
            #expect(problems.count == 1)
            #expect(problems.first?["path"] as? String == "status")
            #expect(problems.first?["rule"] as? String == "unknownReference")
            #expect(sent.json["version"] == nil || sent.json["version"] is NSNull)
            #expect(try world.db.count("SELECT count(*) FROM mapping_versions") == 0)

            _ = world.call(.put, world.mapping, token: world.admin, body: #"{"mapping": \#(Self.document)}"#)
            let current = world.call(.post, world.mapping + "/preview", token: world.admin, body: #"{"record": \#(record)}"#)
            #expect(current.status == 200)
            #expect(current.json["version"] as? Int == 1)
            let notAnObject = world.call(.post, world.mapping + "/preview", token: world.admin, body: #"{"record": [1, 2]}"#)
            #expect(notAnObject.status == 200, "a record of the wrong shape is a problem in the answer, not an error")
            #expect((notAnObject.json["problems"] as? [[String: Any]])?.first?["path"] as? String == "")
        }
    }

    @Test func aLookupTableIsPutAsCSVAndABadFileIsRefusedLineByLine() throws {
        try World.with { world in
            let target = world.tables + "/sku_xref"
            let good = world.call(.put, target, token: world.operatorToken, body: "key,value\nMUG-1,SKU-1\nTEA,SKU-2\n",
                                  contentType: "text/csv; charset=utf-8")
            #expect(good.status == 200)
            #expect(good.json["row_count"] as? Int == 2)
            #expect(good.json["name"] as? String == "sku_xref")
            let bad = world.call(.put, target, token: world.admin, body: "key,value\n,x\nA,1,2\n", contentType: "text/csv")
            #expect(bad.status == 422)
            #expect((bad.json["errors"] as? [[String: Any]])?.compactMap { $0["message"] as? String } == [
                "line 2: the key is empty", "line 3: has 3 values; a row is key,value (quote a value that holds a comma)",
            ])
            #expect(world.call(.put, target, token: world.admin, body: #"{"key": "value"}"#).status == 415)
            #expect(world.call(.put, world.tables + "/SKU", token: world.admin, body: "key,value\n", contentType: "text/csv").status == 422)
            let listed = world.call(.get, world.tables, token: world.admin)
            #expect((listed.json["data"] as? [[String: Any]])?.compactMap { $0["row_count"] as? Int } == [2])
        }
    }

    @Test func viewersMayNotAndUnknownFlowsAndCustomersAreNotFound() throws {
        try World.with { world in
            #expect(world.call(.get, world.mapping, token: world.viewer).status == 403)
            #expect(world.call(.get, world.tables, token: world.viewer).status == 403)
            #expect(world.call(.get, world.mapping.replacingOccurrences(of: "order-to-erp", with: "order-to-crm"), token: world.admin).status == 404)
            #expect(world.call(.get, "/api/v1/customers/\(UUID().uuidString)/mappings/order-to-erp", token: world.admin).status == 404)
        }
    }

    @Test func theDocumentDescribesTheCSVBodyAndTheMappingSchemas() throws {
        try World.with { world in
            let description = APIv1.description(gateway: TenantGateway(database: world.db.database), version: "test")
            #expect(description.consistencyErrors == [])
            let document = description.openAPIDocument
            let put = try #require(document.paths["/customers/{id}/lookup-tables/{name}"]?["put"])
            #expect(put.requestBody?.content.keys.sorted() == ["text/csv"])
            #expect(document.paths["/customers/{id}/mappings/{flow}/preview"]?["post"]?.permission == "mappings:read")
            #expect(document.components.schemas["Mapping"] != nil && document.components.schemas["MappingTransform"] != nil)
        }
    }
}
