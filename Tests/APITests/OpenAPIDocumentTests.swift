@testable import API
import Foundation
import HTTP
import Testing

@Suite struct OpenAPIDocumentTests {
    let api = SampleAPI().description

    /// The served document, decoded as plain JSON: what clients and validators read.
    func servedDocument() throws -> [String: Any] {
        let router = try SampleAPI().makeRouter()
        let response = router.respond(to: Request(method: .get, target: "/api/v1/openapi.json"))
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "application/json")
        return try jsonObject(response)
    }

    func operation(_ document: [String: Any], _ path: String, _ method: String) throws -> [String: Any] {
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        return try #require(paths[path]?[method] as? [String: Any], "\(method) \(path) missing")
    }

    @Test func describesEveryDeclaredOperationOnItsPath() throws {
        let document = try servedDocument()
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        #expect(Set(paths.keys) == Set(api.endpoints.map(\.path)))
        for endpoint in api.endpoints {
            let found = try operation(document, endpoint.path, endpoint.method.description.lowercased())
            #expect(found["operationId"] as? String == endpoint.operationID)
        }
        #expect((document["servers"] as? [[String: String]])?.first?["url"] == "/api/v1")
    }

    @Test func everyReferencedSchemaExists() throws {
        #expect(api.openAPIDocument.danglingReferences.isEmpty)
        #expect(api.consistencyErrors.isEmpty)
        // Checked on the JSON too: every "$ref" string anywhere resolves.
        let document = try servedDocument()
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        var references: [String] = []
        func collect(_ value: Any) {
            if let object = value as? [String: Any] {
                if let reference = object["$ref"] as? String { references.append(reference) }
                object.values.forEach(collect)
            } else if let array = value as? [Any] {
                array.forEach(collect)
            }
        }
        collect(document)
        #expect(!references.isEmpty)
        for reference in references {
            #expect(reference.hasPrefix("#/components/schemas/"))
            #expect(schemas[String(reference.dropFirst("#/components/schemas/".count))] != nil, "\(reference) dangles")
        }
    }

    @Test func reportsAReferenceToAnUndefinedSchema() {
        var broken = api
        broken.schemas = []   // CreateWidget references Dimensions
        #expect(broken.openAPIDocument.danglingReferences == ["Dimensions"])
        #expect(throws: APIDescriptionError.self) { try broken.install(on: Router()) }
    }

    @Test func reportsDuplicateOperationIDs() {
        var broken = api
        broken.endpoints.append(api.endpoints[0])
        #expect(broken.consistencyErrors.contains("operation id listWidgets is used twice"))
    }

    @Test func paginatedOperationHasCursorLimitAndTheEnvelope() throws {
        let list = try operation(try servedDocument(), "/widgets", "get")
        let parameters = try #require(list["parameters"] as? [[String: Any]])
        #expect(Set(parameters.compactMap { $0["name"] as? String }) == ["colour", "cursor", "limit"])
        let limit = try #require(parameters.first { $0["name"] as? String == "limit" }?["schema"] as? [String: Any])
        #expect(limit["minimum"] as? Int == 1)
        #expect(limit["maximum"] as? Int == 200)
        let ok = try #require((list["responses"] as? [String: Any])?["200"] as? [String: Any])
        let schema = try #require(((ok["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any])
        #expect(schema["required"] as? [String] == ["data", "next_cursor"])
        let properties = try #require(schema["properties"] as? [String: [String: Any]])
        #expect(properties["next_cursor"]?["type"] as? [String] == ["string", "null"])
    }

    @Test func operationsListTheProblemsTheyCanProduce() throws {
        let document = try servedDocument()
        func statuses(_ path: String, _ method: String) throws -> Set<String> {
            Set(try #require(try operation(document, path, method)["responses"] as? [String: Any]).keys)
        }
        #expect(try statuses("/widgets", "post") == ["201", "400", "401", "403", "409", "413", "415", "422", "429", "500"])
        #expect(try statuses("/widgets/{id}", "get") == ["200", "400", "401", "403", "404", "429", "500"])
        #expect(try statuses("/status", "get") == ["200", "400", "500"])
        let unauthorized = try #require((try operation(document, "/widgets", "post")["responses"] as? [String: Any])?["401"] as? [String: Any])
        #expect((unauthorized["content"] as? [String: Any])?["application/problem+json"] != nil)
        #expect((unauthorized["headers"] as? [String: Any])?["WWW-Authenticate"] != nil)
    }

    @Test func idempotentOperationDeclaresTheHeader() throws {
        let create = try operation(try servedDocument(), "/widgets", "post")
        let parameters = try #require(create["parameters"] as? [[String: Any]])
        let header = try #require(parameters.first { $0["name"] as? String == "Idempotency-Key" })
        #expect(header["in"] as? String == "header")
        #expect(header["required"] as? Bool == false)
    }

    @Test func securityFollowsThePermission() throws {
        let document = try servedDocument()
        let create = try operation(document, "/widgets", "post")
        #expect(create["security"] as? [[String: [String]]] == [["bearer": []]])
        #expect(create["x-permission"] as? String == "widgets:write")
        #expect((try operation(document, "/status", "get")["security"] as? [Any])?.isEmpty == true)
        let schemes = try #require((document["components"] as? [String: Any])?["securitySchemes"] as? [String: [String: String]])
        #expect(schemes["bearer"]?["type"] == "http")
        #expect(schemes["bearer"]?["scheme"] == "bearer")
    }

    @Test func requestBodySchemasAreClosedAndNullableIsATypeUnion() throws {
        let document = try servedDocument()
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        let create = try #require(schemas["CreateWidget"])
        #expect(create["additionalProperties"] as? Bool == false)
        #expect(create["required"] as? [String] == ["name", "colour", "size"])
        let properties = try #require(create["properties"] as? [String: [String: Any]])
        #expect(properties["colour"]?["enum"] as? [String] == ["red", "green", "blue"])
        let dimensions = try #require(properties["dimensions"]?["anyOf"] as? [[String: String]])
        #expect(dimensions == [["$ref": "#/components/schemas/Dimensions"], ["type": "null"]])
        let widget = try #require(schemas["Widget"]?["properties"] as? [String: [String: Any]])
        #expect(widget["id"]?["format"] as? String == "uuid")
        #expect(widget["created_at"]?["format"] as? String == "date-time")
    }

    @Test func routerPatternsUseColonParameters() {
        let endpoint = api.endpoints.first { $0.operationID == "getWidget" }
        #expect(endpoint?.routerPattern == "/widgets/:id")
        #expect(endpoint?.pathParameterNames == ["id"])
    }

    @Test func documentEncodingIsStable() throws {
        #expect(try api.openAPIDocument.encoded() == (try api.openAPIDocument.encoded()))
    }
}
