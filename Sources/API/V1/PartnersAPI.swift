import Foundation
import HTTP
import Tenancy

/// `/partners`: the platform admin's view of every partner (the explicit, audited path across
/// tenants: `TenantGateway.Reach.platform`).
enum PartnersAPI {
    static let statuses = Partner.Status.allCases.map(\.rawValue)
    static let slugPattern = "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"

    static let partner = NamedSchema("Partner", .object([
        .init("id", .uuid),
        .init("kind", .enumeration(["platform", "reseller"])),
        .init("slug", .string(minLength: 1, maxLength: 63)),
        .init("name", .string(minLength: 1, maxLength: 200)),
        .init("status", .enumeration(statuses)),
        .init("custom_domain", JSONSchema.string(maxLength: 253).nullable, required: false),
        .init("created_at", .dateTime),
        .init("updated_at", .dateTime),
    ]))

    static let create = NamedSchema("CreatePartner", .object([
        .init("slug", .string(minLength: 1, maxLength: 63, pattern: slugPattern)),
        .init("name", .string(minLength: 1, maxLength: 200)),
        .init("custom_domain", JSONSchema.string(maxLength: 253).nullable, required: false),
    ]))

    static let update = NamedSchema("UpdatePartner", .object([
        .init("name", .string(minLength: 1, maxLength: 200), required: false),
        .init("status", .enumeration(statuses), required: false),
        .init("custom_domain", JSONSchema.string(maxLength: 253).nullable, required: false),
    ]))

    static let inviteAdmin = NamedSchema("InvitePartnerAdmin", .object([
        .init("email", .email),
        .init("name", .string(minLength: 1, maxLength: 200)),
    ]))

    struct CreateBody: StrictlyDecodable {
        var slug: String
        var name: String
        var customDomain: String?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case slug, name, customDomain = "custom_domain"
        }
    }

    struct UpdateBody: StrictlyDecodable {
        var name: String?
        var status: String?
        var customDomain: String??
        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, status, customDomain = "custom_domain"
        }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            status = try container.decodeIfPresent(String.self, forKey: .status)
            customDomain = try container.decodePatch(String.self, forKey: .customDomain)
        }
    }

    struct InviteBody: StrictlyDecodable {
        var email: String
        var name: String
        enum CodingKeys: String, CodingKey, CaseIterable { case email, name }
    }

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        [
            gateway.endpoint(.get, "/partners", operationID: "listPartners", summary: "List partners", tag: "partners",
                             permission: .partnersRead, reach: .platform, response: partner, isPaginated: true) { context in
                let page = try PageRequest(context.request)
                let rows = try Partners.list(after: page.cursor?.id, limit: page.fetchLimit, on: context.connection)
                return try .json(page.page(of: rows) { Cursor(after: $0.id) })
            },
            gateway.endpoint(.post, "/partners", operationID: "createPartner", summary: "Create a partner",
                             tag: "partners", permission: .partnersWrite, reach: .platform, requestBody: create,
                             successStatus: .created, response: partner, acceptsIdempotencyKey: true,
                             problems: [.conflict]) { context in
                let body = try context.request.decodeJSON(CreateBody.self)
                let created = try Partners.create(NewPartner(slug: body.slug, name: body.name, customDomain: body.customDomain),
                                                  by: context.caller, on: context.connection)
                return try .json(created, status: .created)
            },
            gateway.endpoint(.get, "/partners/{id}", operationID: "getPartner", summary: "Read a partner",
                             tag: "partners", permission: .partnersRead, reach: .platform,
                             parameters: [EndpointParameter(path: "id", .uuid)], response: partner) { context in
                try .json(Partners.get(try context.request.uuidParameter("id"), on: context.connection))
            },
            gateway.endpoint(.patch, "/partners/{id}", operationID: "updatePartner",
                             summary: "Rename a partner, set its custom domain, suspend or reactivate it", tag: "partners",
                             permission: .partnersWrite, reach: .platform, parameters: [EndpointParameter(path: "id", .uuid)],
                             requestBody: update, response: partner, problems: [.conflict]) { context in
                let id = try context.request.uuidParameter("id")
                let body = try context.request.decodeJSON(UpdateBody.self)
                var validation = Validation()
                if let status = body.status { validation.oneOf(status, statuses, at: "/status") }
                try validation.finish()
                return try .json(Partners.update(id, PartnerChanges(
                    name: body.name, status: body.status.flatMap(Partner.Status.init(rawValue:)), customDomain: body.customDomain),
                    by: context.caller, on: context.connection))
            },
            gateway.endpoint(.post, "/partners/{id}/admins", operationID: "invitePartnerAdmin",
                             summary: "Invite a partner's admin (they set a password through the partner portal's reset link)",
                             tag: "partners", permission: .partnersWrite, reach: .platform,
                             parameters: [EndpointParameter(path: "id", .uuid)], requestBody: inviteAdmin,
                             successStatus: .created, response: UsersAPI.user, acceptsIdempotencyKey: true,
                             problems: [.conflict]) { context in
                let id = try context.request.uuidParameter("id")
                let body = try context.request.decodeJSON(InviteBody.self)
                let partner = try Partners.get(id, on: context.connection)
                guard partner.kind == .reseller else { throw ProblemError.notFound("partner") }
                let user = try Users.create(NewUser(email: body.email, name: body.name, role: .partnerAdmin), in: partner.id,
                                            by: context.caller, on: context.connection)
                return try .json(user, status: .created)
            },
        ]
    }
}
