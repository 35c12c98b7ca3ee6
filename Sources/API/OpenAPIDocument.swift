import Foundation

/// The OpenAPI 3.1 document of an `APIDescription`, as typed values (OpenAPI 3.1.0 §4.8).
///
/// Every operation lists its parameters, its request body, its success response and each
/// problem response it can produce (all `application/problem+json` with the shared `Problem`
/// schema); `components` holds every named schema, the problem schemas and the bearer
/// security scheme (RFC 6750).
public struct OpenAPIDocument: Sendable, Encodable {
    /// Where `$ref`s to component schemas point.
    public static let schemaReferencePrefix = "#/components/schemas/"

    /// The document's `info` (§4.8.2).
    public struct Info: Sendable, Encodable {
        public var title: String
        public var version: String
        public var description: String?
    }

    /// One server (§4.8.5); a relative URL is resolved against the document's own URL.
    public struct Server: Sendable, Encodable {
        public var url: String
    }

    /// A media type object (§4.8.14) holding only a schema.
    public struct MediaType: Sendable, Encodable {
        public var schema: JSONSchema
    }

    /// A parameter object (§4.8.12).
    public struct Parameter: Sendable, Encodable {
        public var name: String
        public var `in`: String
        public var required: Bool
        public var description: String?
        public var schema: JSONSchema
    }

    /// A request body object (§4.8.13).
    public struct RequestBody: Sendable, Encodable {
        public var required: Bool
        public var content: [String: MediaType]
    }

    /// A response header object (§4.8.21).
    public struct Header: Sendable, Encodable {
        public var description: String
        public var schema: JSONSchema
    }

    /// A response object (§4.8.17).
    public struct ResponseObject: Sendable, Encodable {
        public var description: String
        public var headers: [String: Header]?
        public var content: [String: MediaType]?
    }

    /// An operation object (§4.8.10). `x-permission` names the permission it requires.
    public struct Operation: Sendable, Encodable {
        public var operationId: String
        public var summary: String
        public var tags: [String]
        public var security: [[String: [String]]]
        public var parameters: [Parameter]?
        public var requestBody: RequestBody?
        public var responses: [String: ResponseObject]
        public var permission: String?

        enum CodingKeys: String, CodingKey {
            case operationId, summary, tags, security, parameters, requestBody, responses
            case permission = "x-permission"
        }
    }

    /// A security scheme object (§4.8.27).
    public struct SecurityScheme: Sendable, Encodable {
        public var type: String
        public var scheme: String
        public var description: String?
    }

    /// The components object (§4.8.7).
    public struct Components: Sendable, Encodable {
        public var schemas: [String: JSONSchema]
        public var securitySchemes: [String: SecurityScheme]
    }

    /// `3.1.0`.
    public var openapi = "3.1.0"
    /// The JSON Schema dialect of every schema (§4.8.1): OpenAPI's own 2020-12 dialect.
    public var jsonSchemaDialect = "https://spec.openapis.org/oas/3.1/dialect/base"
    /// Title, version, description.
    public var info: Info
    /// The base path as the one server.
    public var servers: [Server]
    /// Operations by path template, then by lowercase method.
    public var paths: [String: [String: Operation]]
    /// Named schemas and the security scheme.
    public var components: Components

    /// The document as JSON: keys sorted, so the served document is byte-for-byte stable and
    /// diffs between versions show real changes.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(self))
    }

    /// Component names that some schema references but `components.schemas` lacks. Empty for
    /// a sound document; `APIDescription` checks it when it installs the routes.
    public var danglingReferences: Set<String> {
        var referenced = Set<String>()
        for schema in components.schemas.values { referenced.formUnion(schema.referencedNames) }
        for operation in paths.values.flatMap(\.values) {
            for parameter in operation.parameters ?? [] { referenced.formUnion(parameter.schema.referencedNames) }
            for media in operation.requestBody?.content.values.map({ $0 }) ?? [] {
                referenced.formUnion(media.schema.referencedNames)
            }
            for response in operation.responses.values {
                for media in response.content?.values.map({ $0 }) ?? [] { referenced.formUnion(media.schema.referencedNames) }
            }
        }
        return referenced.subtracting(components.schemas.keys)
    }
}
