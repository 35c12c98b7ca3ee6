public import HTTP

/// One operation of the JSON API, declared as data: what the router needs to call it and
/// what the OpenAPI document needs to describe it come from the same value, so the document
/// cannot forget an endpoint or describe one that is not there.
///
/// ```swift
/// Endpoint(.get, "/customers/{id}", operationID: "getCustomer", summary: "Read a customer",
///          tag: "customers", permission: "customers:read",
///          response: NamedSchema("Customer", customerSchema), problems: [.notFound]) { request in … }
/// ```
public struct Endpoint: Sendable {
    /// The method.
    public var method: HTTPMethod
    /// The path template in OpenAPI form (`/customers/{id}`), relative to the API's base path.
    public var path: String
    /// The operation id (unique in the document; client generators name methods after it).
    public var operationID: String
    /// A one-line summary.
    public var summary: String
    /// The tag that groups it (`customers`).
    public var tag: String
    /// The permission it requires (`customers:read`, Tenancy's `Permission.rawValue`); nil for
    /// an operation open to anyone, which then needs no bearer token.
    public var permission: String?
    /// Path and query parameters. Path parameters of the template that are not listed here are
    /// described as plain strings.
    public var parameters: [EndpointParameter]
    /// The request body's schema, for operations that take one.
    public var requestBody: NamedSchema?
    /// The status of a successful answer.
    public var successStatus: HTTPStatus
    /// The schema of a successful answer (of one item, when paginated); nil for no content.
    public var response: NamedSchema?
    /// Whether the operation lists items a page at a time: adds `cursor` and `limit` and wraps
    /// `response` in the `{data, next_cursor}` envelope.
    public var isPaginated: Bool
    /// Whether the operation honours `Idempotency-Key` (adds the header parameter, and 409/422).
    public var acceptsIdempotencyKey: Bool
    /// The largest body the operation accepts; larger gets a 413 problem. The server's own
    /// limit (`HTTPParserLimits.maxBodyBytes`, 1 MiB) is answered before routing, as plain
    /// text, so API bodies are kept well below it.
    public var maximumBodyBytes: Int
    /// Problem statuses beyond those implied by the rest of the declaration (`.notFound`
    /// for a lookup by a body field, `.conflict` for a unique name).
    public var problems: [HTTPStatus]
    /// The media type of a successful answer: JSON unless the operation exports something
    /// else (`text/csv`), which the document then describes as a string.
    public var responseMediaType: String = "application/json"
    /// The media type of the request body: JSON unless the operation imports something else
    /// (`text/csv`); `requestBody` then names a string schema.
    public var requestMediaType: String = "application/json"
    /// Where the handler runs; database work needs the handler pool.
    public var execution: Execution
    /// The handler.
    public var handler: Handler

    /// An endpoint; only the first six arguments and the handler are always needed.
    public init(_ method: HTTPMethod, _ path: String, operationID: String, summary: String, tag: String,
                permission: String?, parameters: [EndpointParameter] = [], requestBody: NamedSchema? = nil,
                successStatus: HTTPStatus = .ok, response: NamedSchema? = nil, isPaginated: Bool = false,
                acceptsIdempotencyKey: Bool = false, maximumBodyBytes: Int = Endpoint.defaultMaximumBodyBytes,
                problems: [HTTPStatus] = [],
                execution: Execution = .handlerPool, handler: @escaping Handler) {
        self.method = method
        self.path = path
        self.operationID = operationID
        self.summary = summary
        self.tag = tag
        self.permission = permission
        self.parameters = parameters
        self.requestBody = requestBody
        self.successStatus = successStatus
        self.response = response
        self.isPaginated = isPaginated
        self.acceptsIdempotencyKey = acceptsIdempotencyKey
        self.maximumBodyBytes = maximumBodyBytes
        self.problems = problems
        self.execution = execution
        self.handler = handler
    }

    /// 64 KiB: far more than any JSON document the API takes, far less than the server's limit.
    public static let defaultMaximumBodyBytes = 64 * 1024

    /// The names in the template's `{…}` segments, in order.
    public var pathParameterNames: [String] {
        path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }

    /// The template in the router's form: `{id}` → `:id`.
    public var routerPattern: String {
        "/" + path.split(separator: "/").map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : String(segment)
        }.joined(separator: "/")
    }

    /// Every parameter the operation takes: the declared ones, undeclared path parameters as
    /// strings, and `cursor`/`limit` and `Idempotency-Key` when they apply.
    public var allParameters: [EndpointParameter] {
        var result = parameters
        for name in pathParameterNames where !parameters.contains(where: { $0.location == .path && $0.name == name }) {
            result.append(EndpointParameter(path: name, .string))
        }
        if isPaginated {
            result.append(EndpointParameter(query: "cursor", .string(maxLength: 64),
                                            description: "The next_cursor of the previous page; omit for the first page."))
            result.append(EndpointParameter(query: "limit", .integer(minimum: PageRequest.limitRange.lowerBound,
                                                                     maximum: PageRequest.limitRange.upperBound),
                                            description: "Items per page (default \(PageRequest.defaultLimit))."))
        }
        if acceptsIdempotencyKey {
            result.append(EndpointParameter(header: IdempotencyKey.headerName,
                                            .string(minLength: 1, maxLength: 255, pattern: "^[\\x20-\\x7E]+$"),
                                            description: "Makes a retried request answer with the first attempt's response (draft-ietf-httpapi-idempotency-key-header)."))
        }
        return result
    }

    /// Every problem status the operation can answer with, ascending: 400 (a malformed
    /// parameter) and 500 always; 401, 403 and 429 when it needs a token; 413, 415 and 422
    /// when it takes a body; 404 when its path names a resource; 409 and 422 with
    /// `Idempotency-Key`; and whatever `problems` adds.
    public var problemStatuses: [Int] {
        var statuses: Set<Int> = [400, 500]
        if permission != nil { statuses.formUnion([401, 403, 429]) }
        if requestBody != nil { statuses.formUnion([413, 415, 422]) }
        if !pathParameterNames.isEmpty { statuses.insert(404) }
        if acceptsIdempotencyKey { statuses.formUnion([409, 422]) }
        statuses.formUnion(problems.map(\.code))
        return statuses.sorted()
    }
}

/// A schema with the name it has under `components.schemas`.
public struct NamedSchema: Sendable, Hashable {
    /// The component name (`Customer`, `CreateCustomer`).
    public var name: String
    /// The schema.
    public var schema: JSONSchema

    /// `schema` named `name`.
    public init(_ name: String, _ schema: JSONSchema) {
        self.name = name
        self.schema = schema
    }
}

/// A parameter outside the body.
public struct EndpointParameter: Sendable, Hashable {
    /// Where a parameter is sent (OpenAPI 3.1 §4.8.12.2 `in`).
    public enum Location: String, Sendable, Hashable {
        case path, query, header
    }

    /// Its name.
    public var name: String
    /// Where it is sent.
    public var location: Location
    /// Its schema.
    public var schema: JSONSchema
    /// Whether it must be sent (always true for path parameters, OpenAPI 3.1 §4.8.12.1).
    public var isRequired: Bool
    /// What it means.
    public var description: String?

    /// A path parameter.
    public init(path name: String, _ schema: JSONSchema, description: String? = nil) {
        self.init(name: name, location: .path, schema: schema, isRequired: true, description: description)
    }

    /// A query parameter (a filter), optional unless said otherwise.
    public init(query name: String, _ schema: JSONSchema, required: Bool = false, description: String? = nil) {
        self.init(name: name, location: .query, schema: schema, isRequired: required, description: description)
    }

    /// A header parameter, optional unless said otherwise.
    public init(header name: String, _ schema: JSONSchema, required: Bool = false, description: String? = nil) {
        self.init(name: name, location: .header, schema: schema, isRequired: required, description: description)
    }

    /// A parameter with everything explicit.
    public init(name: String, location: Location, schema: JSONSchema, isRequired: Bool, description: String?) {
        self.name = name
        self.location = location
        self.schema = schema
        self.isRequired = isRequired
        self.description = description
    }
}
