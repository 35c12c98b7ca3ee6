import Foundation
import HTTP
import Tenancy

/// `/me`: who the token acts as and what it may do — what a script checks first, and what
/// turns a 403 into an explanation.
enum MeAPI {
    static let me = NamedSchema("Me", .object([
        .init("user_id", .uuid),
        .init("partner_id", .uuid),
        .init("customer_id", JSONSchema.uuid.nullable, required: false),
        .init("role", .enumeration(Role.allCases.map(\.rawValue))),
        .init("email", .email),
        .init("name", .string),
        .init("token_id", .uuid),
        .init("token_scope", .enumeration(TokenScope.allCases.map(\.rawValue))),
        .init("permissions", JSONSchema.array(of: .enumeration(Permission.allCases.map(\.rawValue)),
                                              maxItems: Permission.allCases.count)
            .described("What this token may do: the role's permissions within the token's scope.")),
    ]))

    struct Body: Encodable {
        var userID: UUID
        var partnerID: UUID
        var customerID: UUID?
        var role: Role
        var email: String
        var name: String
        var tokenID: UUID
        var tokenScope: TokenScope
        var permissions: [String]
    }

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        [
            gateway.endpoint(.get, "/me", operationID: "getMe", summary: "Who this token acts as, and what it may do",
                             tag: "me", permission: .selfRead, response: me) { context in
                let principal = context.principal
                guard let userID = principal.userID, case .apiToken(let tokenID, let scope) = principal.credential else {
                    throw ProblemError.invalidToken
                }
                return try .json(Body(userID: userID, partnerID: principal.partnerID, customerID: principal.customerID,
                                      role: principal.role, email: principal.email, name: principal.name, tokenID: tokenID,
                                      tokenScope: scope,
                                      permissions: Permission.allCases.filter(principal.may).map(\.rawValue)))
            },
        ]
    }
}
