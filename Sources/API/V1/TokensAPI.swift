import Foundation
import HTTP
import Tenancy

/// `/tokens`: API tokens. The token itself is in the creation response only; it is stored as
/// a hash, so nobody — us included — can show it again.
enum TokensAPI {
    static let scopes = TokenScope.allCases.map(\.rawValue)

    static let token = NamedSchema("APIToken", .object([
        .init("id", .uuid),
        .init("name", .string(minLength: 1, maxLength: 100)),
        .init("display_prefix", .string),
        .init("scope", .enumeration(scopes)),
        .init("user_id", .uuid),
        .init("customer_id", JSONSchema.uuid.nullable, required: false),
        .init("created_at", .dateTime),
        .init("expires_at", JSONSchema.dateTime.nullable, required: false),
        .init("last_used_at", JSONSchema.dateTime.nullable, required: false),
        .init("revoked_at", JSONSchema.dateTime.nullable, required: false),
    ]))

    static let issued = NamedSchema("IssuedAPIToken", .object([
        .init("token", JSONSchema.string.described("The bearer token. Shown once: store it now.")),
        .init("api_token", .reference("APIToken")),
    ]))

    static let create = NamedSchema("CreateAPIToken", .object([
        .init("name", .string(minLength: 1, maxLength: 100)),
        .init("scope", .enumeration(scopes)),
        .init("expires_at", JSONSchema.dateTime.nullable, required: false),
    ]))

    struct CreateBody: StrictlyDecodable {
        var name: String
        var scope: String
        var expiresAt: Date?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, scope, expiresAt = "expires_at"
        }
    }

    struct IssuedBody: Encodable {
        var token: String
        var apiToken: APIToken
    }

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        [
            gateway.endpoint(.get, "/tokens", operationID: "listTokens",
                             summary: "List your API tokens (every token of the partner with all=true)", tag: "tokens",
                             permission: .tokensOwn,
                             parameters: [EndpointParameter(query: "all", .enumeration(["true", "false"]),
                                                            description: "Every token of the partner (needs tokens:all).")],
                             response: token, isPaginated: true) { context in
                let page = try PageRequest(context.request)
                let all = try context.request.queryParameter("all", oneOf: ["true", "false"]) == "true"
                if all { try context.principal.require(.tokensAll) }
                let rows = try APITokens.list(for: context.principal, all: all, after: page.cursor?.id, limit: page.fetchLimit,
                                              on: context.connection)
                return try .json(page.page(of: rows) { Cursor(after: $0.id) })
            },
            // Not idempotent by key: a replay would have to keep the token's plaintext, and
            // nothing may store that.
            gateway.endpoint(.post, "/tokens", operationID: "createToken", summary: "Create an API token",
                             tag: "tokens", permission: .tokensOwn, requestBody: create, successStatus: .created,
                             response: issued) { context in
                let body = try context.request.decodeJSON(CreateBody.self)
                guard let scope = TokenScope(rawValue: body.scope) else {
                    throw ProblemError.validation([FieldError(field: "/scope", message: "must be one of: \(scopes.joined(separator: ", "))")])
                }
                let issued = try APITokens.create(name: body.name, scope: scope, expiresAt: body.expiresAt, by: context.caller,
                                                  now: context.now, on: context.connection)
                var response = try Response.json(IssuedBody(token: issued.plaintext, apiToken: issued.token), status: .created)
                response.headers.set("Cache-Control", "no-store")
                return response
            },
            gateway.endpoint(.get, "/tokens/{id}", operationID: "getToken", summary: "Read an API token", tag: "tokens",
                             permission: .tokensOwn, parameters: [EndpointParameter(path: "id", .uuid)],
                             response: token) { context in
                try .json(APITokens.get(try context.request.uuidParameter("id"), for: context.principal, on: context.connection))
            },
            gateway.endpoint(.delete, "/tokens/{id}", operationID: "revokeToken", summary: "Revoke an API token",
                             tag: "tokens", permission: .tokensOwn, parameters: [EndpointParameter(path: "id", .uuid)],
                             response: token) { context in
                try .json(APITokens.revoke(try context.request.uuidParameter("id"), by: context.caller, now: context.now,
                                           on: context.connection))
            },
        ]
    }
}
