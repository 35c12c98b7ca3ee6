public import HTTP
public import Logging

/// A version of the JSON API: its endpoints and the schemas they share. From this one value
/// come both the routes (`install(on:wrappedBy:)`) and the OpenAPI document
/// (`openAPIDocument`), which is served at `<basePath>/openapi.json`.
///
/// ```swift
/// let api = APIDescription(title: "Counterpart API", version: "1.0.0", endpoints: customerEndpoints + …)
/// try api.install(on: router) { endpoint, handler in
///     { request in try authenticate(request, requiring: endpoint.permission) { try handler($0) } }
/// }
/// ```
public struct APIDescription: Sendable {
    /// The document's title.
    public var title: String
    /// The API's version (`info.version`), not the OpenAPI version.
    public var version: String
    /// A description for the document's readers.
    public var description: String?
    /// Where the endpoints live (`/api/v1`); their paths are relative to it.
    public var basePath: String
    /// The operations.
    public var endpoints: [Endpoint]
    /// Schemas the endpoints' schemas reference by name but do not name themselves.
    public var schemas: [NamedSchema]

    /// An API description.
    public init(title: String, version: String, description: String? = nil, basePath: String = "/api/v1",
                endpoints: [Endpoint], schemas: [NamedSchema] = []) {
        self.title = title
        self.version = version
        self.description = description
        self.basePath = basePath
        self.endpoints = endpoints
        self.schemas = schemas
    }

    /// The path the document is served at.
    public var documentPath: String { basePath + "/openapi.json" }

    /// What the caller wraps around each endpoint's handler: authentication, the permission
    /// check (`endpoint.permission`), the tenant's transaction, idempotency. It is called for
    /// every endpoint, public ones (`permission == nil`) included, and decides what each needs.
    /// Whatever the wrapper or the handler throws becomes a problem response.
    public typealias Wrapper = @Sendable (Endpoint, @escaping Handler) -> Handler

    /// Registers every endpoint on `router` under `basePath`, each handler wrapped by `wrapper`,
    /// and the OpenAPI document at `documentPath` (no authentication: it describes, it
    /// discloses nothing). Throws when the description is inconsistent (see
    /// `consistencyErrors`), so a mistake fails at start, not on a client's request.
    public func install(on router: Router, wrappedBy wrapper: Wrapper? = nil,
                        logger: Logger = Logger(label: "counterpart.api")) throws {
        let errors = consistencyErrors
        guard errors.isEmpty else { throw APIDescriptionError(problems: errors) }
        let document = try openAPIDocument.encoded()
        router.get(documentPath, execution: .eventLoop) { _ in
            Response(status: .ok, headers: ["Content-Type": "application/json", "Cache-Control": "no-cache"], body: document)
        }
        for endpoint in endpoints {
            let queryNames = Set(endpoint.allParameters.filter { $0.location == .query }.map(\.name))
            let checked: Handler = { request in
                if request.body.count > endpoint.maximumBodyBytes { throw ProblemError.payloadTooLarge }
                // A mistyped filter (`?colur=red`) must not silently list everything, for the
                // same reason unknown body members are refused.
                let unknown = request.queryParameters.keys.filter { !queryNames.contains($0) }.sorted()
                if !unknown.isEmpty {
                    throw ProblemError.invalidParameters(unknown.map { FieldError(field: $0, message: "is not a known parameter") })
                }
                // A malformed key is refused before any work, even by a handler that ignores it.
                if endpoint.acceptsIdempotencyKey { _ = try IdempotencyKey(request) }
                return try endpoint.handler(request)
            }
            let wrapped = wrapper?(endpoint, checked) ?? checked
            // The router would turn a thrown `ProblemError` into a plain 500; catching here
            // renders every error as the problem it is, with the request's path and id.
            router.on(endpoint.method, basePath + endpoint.routerPattern, execution: endpoint.execution) { request in
                do {
                    return try wrapped(request)
                } catch {
                    return ProblemRendering.response(for: error, request: request, logger: logger)
                }
            }
        }
    }

    /// Mistakes in the description: two operations with one id or on one method and path, one
    /// schema name for two different schemas, a path parameter declared but not in the
    /// template, a reference to a schema nobody defines. Empty when sound.
    public var consistencyErrors: [String] {
        var errors: [String] = []
        var operationIDs = Set<String>()
        var routes = Set<String>()
        for endpoint in endpoints {
            if !operationIDs.insert(endpoint.operationID).inserted {
                errors.append("operation id \(endpoint.operationID) is used twice")
            }
            if !routes.insert("\(endpoint.method) \(endpoint.path)").inserted {
                errors.append("\(endpoint.method) \(endpoint.path) is declared twice")
            }
            for parameter in endpoint.parameters where parameter.location == .path
                && !endpoint.pathParameterNames.contains(parameter.name) {
                errors.append("\(endpoint.operationID): path parameter \(parameter.name) is not in \(endpoint.path)")
            }
        }
        var byName: [String: JSONSchema] = [:]
        for named in namedSchemas {
            if let existing = byName[named.name], existing != named.schema {
                errors.append("schema \(named.name) is defined twice, differently")
            }
            byName[named.name] = named.schema
        }
        for name in openAPIDocument.danglingReferences.sorted() {
            errors.append("schema \(name) is referenced but not defined")
        }
        return errors
    }

    /// Every named schema: the shared ones, then each endpoint's body and response.
    var namedSchemas: [NamedSchema] {
        schemas + endpoints.flatMap { [$0.requestBody, $0.response].compactMap { $0 } }
    }
}

/// An `APIDescription` that cannot be served as it stands.
public struct APIDescriptionError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, one sentence each.
    public var problems: [String]

    public var description: String { "inconsistent API description: " + problems.joined(separator: "; ") }
}
