import Foundation
import HTTP
import Tenancy

/// `/users`: the people of the caller's partner. Users are invited without a password and set
/// one through the portal's reset link.
enum UsersAPI {
    static let roles = Role.allCases.map(\.rawValue)
    static let statuses = User.Status.allCases.map(\.rawValue)

    static let user = NamedSchema("User", .object([
        .init("id", .uuid),
        .init("partner_id", .uuid),
        .init("email", .email),
        .init("name", .string(minLength: 1, maxLength: 200)),
        .init("role", .enumeration(roles)),
        .init("customer_id", JSONSchema.uuid.nullable, required: false),
        .init("status", .enumeration(statuses)),
        .init("has_password", .boolean),
        .init("last_login_at", JSONSchema.dateTime.nullable, required: false),
        .init("created_at", .dateTime),
        .init("updated_at", .dateTime),
    ]))

    static let create = NamedSchema("CreateUser", .object([
        .init("email", .email),
        .init("name", .string(minLength: 1, maxLength: 200)),
        .init("role", .enumeration(roles)),
        .init("customer_id", JSONSchema.uuid.nullable, required: false),
    ]))

    static let update = NamedSchema("UpdateUser", .object([
        .init("name", .string(minLength: 1, maxLength: 200), required: false),
        .init("role", .enumeration(roles), required: false),
        .init("status", .enumeration(statuses), required: false),
        .init("customer_id", JSONSchema.uuid.nullable, required: false),
    ]))

    struct CreateBody: StrictlyDecodable {
        var email: String
        var name: String
        var role: String
        var customerID: UUID?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case email, name, role, customerID = "customer_id"
        }
    }

    struct UpdateBody: StrictlyDecodable {
        var name: String?
        var role: String?
        var status: String?
        var customerID: UUID??
        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, role, status, customerID = "customer_id"
        }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            role = try container.decodeIfPresent(String.self, forKey: .role)
            status = try container.decodeIfPresent(String.self, forKey: .status)
            customerID = try container.decodePatch(UUID.self, forKey: .customerID)
        }
    }

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        [
            gateway.endpoint(.get, "/users", operationID: "listUsers", summary: "List users", tag: "users",
                             permission: .usersRead,
                             parameters: [EndpointParameter(query: "customer_id", .uuid,
                                                            description: "Only the viewers of this customer.")],
                             response: user, isPaginated: true) { context in
                let page = try PageRequest(context.request)
                let customerID = try context.request.uuidQueryParameter("customer_id")
                let rows = try Users.list(in: context.principal.partnerID, customer: customerID ?? context.principal.customerID,
                                          after: page.cursor?.id, limit: page.fetchLimit, on: context.connection)
                return try .json(page.page(of: rows) { Cursor(after: $0.id) })
            },
            gateway.endpoint(.post, "/users", operationID: "inviteUser",
                             summary: "Invite a user (they set a password through a reset link)", tag: "users",
                             permission: .usersWrite, requestBody: create, successStatus: .created, response: user,
                             acceptsIdempotencyKey: true, problems: [.conflict]) { context in
                let body = try context.request.decodeJSON(CreateBody.self)
                let role = try parseRole(body.role)
                let created = try Users.create(NewUser(email: body.email, name: body.name, role: role, customerID: body.customerID),
                                               in: context.principal.partnerID, by: context.caller, on: context.connection)
                return try .json(created, status: .created)
            },
            gateway.endpoint(.get, "/users/{id}", operationID: "getUser", summary: "Read a user", tag: "users",
                             permission: .usersRead, parameters: [EndpointParameter(path: "id", .uuid)],
                             response: user) { context in
                try .json(Users.get(try context.request.uuidParameter("id"), in: context.principal.partnerID,
                                    on: context.connection))
            },
            gateway.endpoint(.patch, "/users/{id}", operationID: "updateUser",
                             summary: "Rename a user, change their role, disable or enable them", tag: "users",
                             permission: .usersWrite, parameters: [EndpointParameter(path: "id", .uuid)],
                             requestBody: update, response: user) { context in
                let id = try context.request.uuidParameter("id")
                let body = try context.request.decodeJSON(UpdateBody.self)
                var validation = Validation()
                if let status = body.status { validation.oneOf(status, statuses, at: "/status") }
                try validation.finish()
                let updated = try Users.update(id, UserChanges(
                    name: body.name, role: try body.role.map(parseRole), status: body.status.flatMap(User.Status.init(rawValue:)),
                    customerID: body.customerID), by: context.caller, on: context.connection)
                if updated.status == .disabled {
                    // A disabled user's sessions end now, not at their next request.
                    try Sessions.revokeAll(of: id, in: context.principal.partnerID, now: context.now, by: context.caller,
                                           on: context.connection)
                }
                return try .json(updated)
            },
        ]
    }

    static func parseRole(_ text: String) throws(ProblemError) -> Role {
        guard let role = Role(rawValue: text) else {
            throw .validation([FieldError(field: "/role", message: "must be one of: \(roles.joined(separator: ", "))")])
        }
        return role
    }
}
