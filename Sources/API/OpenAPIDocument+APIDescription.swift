import HTTP

extension APIDescription {
    /// The OpenAPI 3.1 document describing exactly the endpoints `install` registers.
    public var openAPIDocument: OpenAPIDocument {
        var paths: [String: [String: OpenAPIDocument.Operation]] = [:]
        for endpoint in endpoints {
            paths[endpoint.path, default: [:]][endpoint.method.description.lowercased()] = operation(for: endpoint)
        }
        var componentSchemas = Dictionary(namedSchemas.map { ($0.name, $0.schema) }, uniquingKeysWith: { first, _ in first })
        componentSchemas[ProblemSchemas.problemName] = ProblemSchemas.problem
        componentSchemas[ProblemSchemas.fieldErrorName] = ProblemSchemas.fieldError
        return OpenAPIDocument(
            info: .init(title: title, version: version, description: description),
            servers: [.init(url: basePath)],
            paths: paths,
            components: .init(schemas: componentSchemas, securitySchemes: [
                ProblemSchemas.securitySchemeName: .init(
                    type: "http", scheme: "bearer",
                    description: "An API token: `Authorization: Bearer <token>` (RFC 6750 §2.1)."),
            ]))
    }

    private func operation(for endpoint: Endpoint) -> OpenAPIDocument.Operation {
        let parameters = endpoint.allParameters.map { parameter in
            OpenAPIDocument.Parameter(name: parameter.name, in: parameter.location.rawValue, required: parameter.isRequired,
                                      description: parameter.description, schema: parameter.schema)
        }
        let requestBody = endpoint.requestBody.map { body in
            OpenAPIDocument.RequestBody(required: true, content: [endpoint.requestMediaType: .init(schema: .reference(body.name))])
        }
        var responses: [String: OpenAPIDocument.ResponseObject] = [:]
        responses[String(endpoint.successStatus.code)] = successResponse(for: endpoint)
        for status in endpoint.problemStatuses {
            responses[String(status)] = ProblemSchemas.response(for: status)
        }
        return OpenAPIDocument.Operation(
            operationId: endpoint.operationID, summary: endpoint.summary, tags: [endpoint.tag],
            security: endpoint.permission == nil ? [] : [[ProblemSchemas.securitySchemeName: []]],
            parameters: parameters.isEmpty ? nil : parameters, requestBody: requestBody, responses: responses,
            permission: endpoint.permission)
    }

    private func successResponse(for endpoint: Endpoint) -> OpenAPIDocument.ResponseObject {
        let description = endpoint.successStatus.reasonPhrase
        if endpoint.responseMediaType != "application/json" {
            return OpenAPIDocument.ResponseObject(description: description, headers: nil,
                                                  content: [endpoint.responseMediaType: .init(schema: .string)])
        }
        guard let response = endpoint.response else {
            return OpenAPIDocument.ResponseObject(description: description, headers: nil, content: nil)
        }
        let schema: JSONSchema = endpoint.isPaginated
            ? .object([
                .init("data", .array(of: .reference(response.name), maxItems: PageRequest.limitRange.upperBound)),
                .init("next_cursor", JSONSchema.string.nullable
                    .described("Pass as `cursor` for the next page; null on the last page.")),
            ])
            : .reference(response.name)
        return OpenAPIDocument.ResponseObject(description: description, headers: nil,
                                              content: ["application/json": .init(schema: schema)])
    }
}

/// The schemas and responses every operation shares: RFC 9457 problems and bearer auth.
enum ProblemSchemas {
    static let problemName = "Problem"
    static let fieldErrorName = "FieldError"
    static let securitySchemeName = "bearer"

    /// RFC 9457 §3.1's members plus ours. Open: §3.2 lets problem types add members.
    static let problem = JSONSchema.object([
        .init("type", .string(format: .uri), required: true),
        .init("title", .string),
        .init("status", .integer(minimum: 400, maximum: 599)),
        .init("detail", .string, required: false),
        .init("instance", .string, required: false),
        .init("errors", .array(of: .reference(fieldErrorName)), required: false),
        .init("request_id", .string, required: false),
    ], closed: false).described("RFC 9457 problem details.")

    static let fieldError = JSONSchema.object([
        .init("field", JSONSchema.string.described("A JSON Pointer into the body (`/email`), or a parameter or header name.")),
        .init("message", .string),
    ])

    /// The response object for a problem status, with the header fields it carries.
    static func response(for status: Int) -> OpenAPIDocument.ResponseObject {
        var headers: [String: OpenAPIDocument.Header]?
        switch status {
        case 401:
            headers = ["WWW-Authenticate": .init(description: "The bearer challenge (RFC 6750 §3).", schema: .string)]
        case 429:
            headers = ["Retry-After": .init(description: "Seconds to wait (RFC 9110 §10.2.3).", schema: .integer(minimum: 0))]
        default:
            headers = nil
        }
        return OpenAPIDocument.ResponseObject(
            description: descriptions[status] ?? HTTPStatus(code: status).reasonPhrase, headers: headers,
            content: [Problem.mediaType: .init(schema: .reference(problemName))])
    }

    private static let descriptions: [Int: String] = [
        400: "Malformed JSON, or an invalid parameter or header (named in `errors`).",
        401: "No bearer token, or one that is unknown, expired or revoked.",
        403: "The token's role or scope lacks the operation's permission.",
        404: "No such resource, or none the caller may see.",
        409: "Conflicts with the current state, or the same Idempotency-Key is still being processed.",
        413: "The body is too large.",
        415: "The body is not application/json.",
        422: "The body breaks the schema or a rule (every bad field in `errors`), or an Idempotency-Key was reused for a different request.",
        429: "Too many requests; see Retry-After.",
        500: "The server failed; quote `request_id` when reporting it.",
    ]
}
