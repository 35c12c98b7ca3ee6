import Connectors
import Flows
import Foundation
import HTTP
import Tenancy

/// `/connectors` and the connections of a customer (issue 5 §7): which systems a customer's
/// environments reach, with settings validated against each connector's descriptor and
/// credentials sealed at rest — written here, never read back. `POST …/test` really calls the
/// system and answers with what it said.
enum ConnectionsAPI {
    /// What the endpoints need from the deployment: the connectors and the key for secrets.
    struct Setup: Sendable {
        var catalog: ConnectorCatalog?
        var secretBox: SecretBox?
    }

    static let environmentKinds = Environment.Kind.allCases.map(\.rawValue)

    static let connectorField = NamedSchema("ConnectorField", .object([
        .init("name", .string),
        .init("label", .string),
        .init("help", .string),
        .init("type", .enumeration(["text", "url", "integer", "choice", "secret", "multiline_secret"])),
        .init("required", .boolean),
        .init("secret", .boolean),
        .init("default", JSONSchema.string.nullable, required: false),
        .init("choices", .array(of: .string), required: false),
        .init("url_schemes", .array(of: .string), required: false),
        .init("minimum", .integer, required: false),
        .init("maximum", .integer, required: false),
    ]))

    static let connector = NamedSchema("Connector", .object([
        .init("kind", .string),
        .init("version", .string),
        .init("display_name", .string),
        .init("protocol", .string),
        .init("fields", .array(of: .reference("ConnectorField"))),
        .init("capabilities", .array(of: .string)),
    ]))

    static let connectorList = NamedSchema("ConnectorList", .object([
        .init("data", .array(of: .reference("Connector"), maxItems: 100)),
    ]))

    static let lastTest = JSONSchema.object([
        .init("at", .dateTime), .init("succeeded", .boolean), .init("summary", .string),
    ])

    static let connection = NamedSchema("Connection", .object([
        .init("id", .uuid),
        .init("partner_id", .uuid),
        .init("customer_id", .uuid),
        .init("environment_id", .uuid),
        .init("environment", .enumeration(environmentKinds)),
        .init("kind", .string),
        .init("name", .string(minLength: 1, maxLength: 100)),
        .init("settings", JSONSchema.object([], closed: false)
            .described("Non-secret field values by name; secrets are never returned.")),
        .init("secret_fields", .array(of: .string)
            .described("Names of the secret fields that have a stored value.")),
        .init("endpoint", .string),
        .init("status", .enumeration(Connection.Status.allCases.map(\.rawValue))),
        .init("paused_reason", JSONSchema.string.nullable, required: false),
        .init("last_test", lastTest, required: false),
        .init("created_at", .dateTime),
        .init("updated_at", .dateTime),
    ]))

    static let list = NamedSchema("ConnectionList", .object([
        .init("data", .array(of: .reference("Connection"), maxItems: 1000)),
    ]))

    static let values = JSONSchema.object([], closed: false)
        .described("Field values by name as the connector's descriptor lists them (GET /connectors); secret "
                   + "fields are sealed and never returned. On update, a secret left out keeps its value.")

    static let create = NamedSchema("CreateConnection", .object([
        .init("environment", .enumeration(environmentKinds)),
        .init("kind", .string(minLength: 1, maxLength: 40)),
        .init("name", .string(minLength: 1, maxLength: 100)),
        .init("values", values),
    ]))

    static let update = NamedSchema("UpdateConnection", .object([
        .init("name", .string(minLength: 1, maxLength: 100), required: false),
        .init("values", values, required: false),
    ]))

    static let pause = NamedSchema("PauseConnection", .object([
        .init("reason", .string(minLength: 1, maxLength: 1000)),
    ]))

    static let testResult = NamedSchema("ConnectionTestResult", .object([
        .init("succeeded", .boolean),
        .init("summary", .string),
        .init("tested_at", .dateTime),
        .init("elapsed_ms", .integer(minimum: 0)),
        .init("facts", .array(of: .object([.init("label", .string), .init("value", .string)]))),
        .init("error", JSONSchema.object([
            .init("class", .enumeration(ConnectorError.Class.allCases.map(\.rawValue))),
            .init("message", .string),
            .init("upstream_status", JSONSchema.integer.nullable, required: false),
            .init("upstream_excerpt", .string, required: false),
        ]).nullable, required: false),
    ]))

    struct CreateBody: StrictlyDecodable {
        var environment: String
        var kind: String
        var name: String
        var values: [String: String]
        enum CodingKeys: String, CodingKey, CaseIterable { case environment, kind, name, values }
    }

    struct UpdateBody: StrictlyDecodable {
        var name: String?
        var values: [String: String]?
        enum CodingKeys: String, CodingKey, CaseIterable { case name, values }
    }

    struct PauseBody: StrictlyDecodable {
        var reason: String
        enum CodingKeys: String, CodingKey, CaseIterable { case reason }
    }

    static let customerParameter = EndpointParameter(path: "id", .uuid, description: "The customer.")
    static let connectionParameter = EndpointParameter(path: "connection_id", .uuid, description: "The connection.")

    static func endpoints(_ gateway: TenantGateway, _ setup: Setup) -> [Endpoint] {
        [
            gateway.endpoint(.get, "/connectors", operationID: "listConnectors",
                             summary: "The connectors this server offers, with the fields each needs", tag: "connections",
                             permission: .connectionsRead, response: connectorList) { _ in
                try .json(ConnectorListBody(data: (setup.catalog?.entries ?? []).map { ConnectorJSON($0.descriptor) }))
            },
            gateway.endpoint(.get, "/customers/{id}/connections", operationID: "listConnections",
                             summary: "A customer's connections, sandbox first", tag: "connections",
                             permission: .connectionsRead, parameters: [customerParameter], response: list) { context in
                try .json(ListBody(data: Connections.list(customer: try context.request.uuidParameter("id"),
                                                          for: context.principal, on: context.connection)))
            },
            gateway.endpoint(.post, "/customers/{id}/connections", operationID: "createConnection",
                             summary: "Connect a system to one of the customer's environments", tag: "connections",
                             permission: .connectionsWrite, parameters: [customerParameter], requestBody: create,
                             successStatus: .created, response: connection, acceptsIdempotencyKey: true,
                             problems: [.conflict]) { context in
                let customerID = try context.request.uuidParameter("id")
                let body = try context.request.decodeJSON(CreateBody.self)
                var validation = Validation()
                validation.oneOf(body.environment, environmentKinds, at: "/environment")
                try validation.finish()
                let catalog = try require(setup.catalog)
                let environment = try Environments.list(customer: customerID, for: context.principal, on: context.connection)
                    .first { $0.kind.rawValue == body.environment }
                guard let environment else { throw ProblemError.notFound("environment") }
                let created = try valuesProblems {
                    try Connections.create(NewConnection(environmentID: environment.id, kind: ConnectorKind(rawValue: body.kind),
                                                         name: body.name, values: body.values),
                                           customer: customerID, catalog: catalog, box: setup.secretBox,
                                           by: context.caller, on: context.connection)
                }
                return try .json(created, status: .created)
            },
            gateway.endpoint(.get, "/connections/{connection_id}", operationID: "getConnection", summary: "Read a connection",
                             tag: "connections", permission: .connectionsRead, parameters: [connectionParameter],
                             response: connection) { context in
                try .json(Connections.get(try context.request.uuidParameter("connection_id"), for: context.principal,
                                          on: context.connection))
            },
            gateway.endpoint(.patch, "/connections/{connection_id}", operationID: "updateConnection",
                             summary: "Rename a connection or change its values", tag: "connections",
                             permission: .connectionsWrite, parameters: [connectionParameter], requestBody: update,
                             response: connection, problems: [.conflict]) { context in
                let body = try context.request.decodeJSON(UpdateBody.self)
                let catalog = try require(setup.catalog)
                let updated = try valuesProblems {
                    try Connections.update(try context.request.uuidParameter("connection_id"),
                                           ConnectionChanges(name: body.name, values: body.values ?? [:]),
                                           catalog: catalog, box: setup.secretBox, by: context.caller, on: context.connection)
                }
                return try .json(updated)
            },
            gateway.endpoint(.delete, "/connections/{connection_id}", operationID: "deleteConnection",
                             summary: "Delete a connection and its credentials", tag: "connections",
                             permission: .connectionsWrite, parameters: [connectionParameter],
                             successStatus: .noContent) { context in
                try Connections.delete(try context.request.uuidParameter("connection_id"), by: context.caller,
                                       on: context.connection)
                return Response(status: .noContent)
            },
            gateway.endpoint(.post, "/connections/{connection_id}/pause", operationID: "pauseConnection",
                             summary: "Pause a connection: flows leave it alone until it is resumed", tag: "connections",
                             permission: .connectionsWrite, parameters: [connectionParameter], requestBody: pause,
                             response: connection) { context in
                let body = try context.request.decodeJSON(PauseBody.self)
                return try .json(Connections.pause(try context.request.uuidParameter("connection_id"), reason: body.reason,
                                                   by: context.caller, on: context.connection))
            },
            gateway.endpoint(.post, "/connections/{connection_id}/resume", operationID: "resumeConnection",
                             summary: "Resume a paused connection", tag: "connections", permission: .connectionsWrite,
                             parameters: [connectionParameter], response: connection) { context in
                try .json(Connections.resume(try context.request.uuidParameter("connection_id"), by: context.caller,
                                             on: context.connection))
            },
            gateway.endpoint(.post, "/connections/{connection_id}/test", operationID: "testConnection",
                             summary: "Call the system with the stored settings and report what it answered",
                             tag: "connections", permission: .connectionsWrite, parameters: [connectionParameter],
                             response: testResult) { context in
                let catalog = try require(setup.catalog)
                let found = try Connections.get(try context.request.uuidParameter("connection_id"), for: context.principal,
                                                on: context.connection)
                let configuration = try Connections.configuration(of: found, box: setup.secretBox, for: context.principal,
                                                                  on: context.connection)
                // The call runs inside the request's transaction: a person's action, bounded by the
                // connector's own timeouts, and its outcome is recorded in the same commit.
                let result = ConnectionTestResult.run(kind: found.kind, configuration: configuration, catalog: catalog,
                                                      now: context.now)
                _ = try Connections.recordTest(found.id, result, by: context.caller, on: context.connection)
                return try .json(TestResultJSON(result))
            },
        ]
    }

    /// The catalog, or 503 when this server was started without connectors.
    static func require(_ catalog: ConnectorCatalog?) throws(ProblemError) -> ConnectorCatalog {
        guard let catalog else {
            throw ProblemError(status: .serviceUnavailable, slug: "connectors-unavailable", title: "Connectors unavailable",
                               detail: "This server was started without its connectors.")
        }
        return catalog
    }

    /// Runs a store call, pointing field problems about connector fields under `/values/`.
    static func valuesProblems<Result>(_ body: () throws -> Result) throws -> Result {
        let rootFields: Set<String> = ["name", "kind", "environment"]
        func pointer(_ field: String) -> String { rootFields.contains(field) ? field : "values/" + field }
        do {
            return try body()
        } catch TenancyError.invalid(let problems) {
            throw TenancyError.invalid(problems.map { FieldProblem(field: pointer($0.field), message: $0.message) })
        } catch TenancyError.conflict(let problem) {
            throw TenancyError.conflict(FieldProblem(field: pointer(problem.field), message: problem.message))
        } catch let error as ConnectionSecretsUnavailable {
            throw ProblemError(status: .serviceUnavailable, slug: "secrets-unavailable", title: "Credentials cannot be stored",
                               detail: error.description)
        }
    }

    struct ListBody: Encodable {
        var data: [Connection]
    }

    struct ConnectorListBody: Encodable {
        var data: [ConnectorJSON]
    }
}
