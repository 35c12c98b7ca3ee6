import Foundation
import HTTP
import Tenancy

/// `/customers/{id}/contacts`: the people at a customer the partner reaches about it, in the
/// order alerts escalate through them (issue 4 §4). Whoever may read the customer reads its
/// contacts — a customer viewer their own customer's; changing them is managing the customer
/// (`customers:write`).
enum CustomerContactsAPI {
    static let roles = CustomerContact.Role.allCases.map(\.rawValue)
    static let phoneSchema = JSONSchema.string(minLength: 1, maxLength: 32)
        .described("International form, E.164 once spaces, dots, dashes and brackets are removed: +31 20 123 4567.")
    static let orderSchema = JSONSchema.integer(minimum: 1, maximum: 100)
        .described("Lower is reached first; equal orders together; null is never escalated to.")

    static let contact = NamedSchema("CustomerContact", .object([
        .init("id", .uuid),
        .init("partner_id", .uuid),
        .init("customer_id", .uuid),
        .init("name", .string(minLength: 1, maxLength: 200)),
        .init("email", .email),
        .init("phone", JSONSchema.string(pattern: "^\\+[1-9][0-9]{6,14}$").nullable, required: false),
        .init("role", .enumeration(roles)),
        .init("escalation_order", orderSchema.nullable, required: false),
        .init("created_at", .dateTime),
        .init("updated_at", .dateTime),
    ]))

    static let list = NamedSchema("CustomerContactList", .object([
        .init("data", .array(of: .reference("CustomerContact"), maxItems: 1000)),
    ]))

    static let create = NamedSchema("CreateCustomerContact", .object([
        .init("name", .string(minLength: 1, maxLength: 200)),
        .init("email", .email),
        .init("phone", phoneSchema.nullable, required: false),
        .init("role", .enumeration(roles)),
        .init("escalation_order", orderSchema.nullable, required: false),
    ]))

    static let update = NamedSchema("UpdateCustomerContact", .object([
        .init("name", .string(minLength: 1, maxLength: 200), required: false),
        .init("email", .email, required: false),
        .init("phone", phoneSchema.nullable, required: false),
        .init("role", .enumeration(roles), required: false),
        .init("escalation_order", orderSchema.nullable, required: false),
    ]))

    struct ListBody: Encodable {
        var data: [CustomerContact]
    }

    struct CreateBody: StrictlyDecodable {
        var name: String
        var email: String
        var phone: String?
        var role: String
        var escalationOrder: Int?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, email, phone, role, escalationOrder = "escalation_order"
        }
    }

    struct UpdateBody: StrictlyDecodable {
        var name: String?
        var email: String?
        var phone: String??
        var role: String?
        var escalationOrder: Int??
        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, email, phone, role, escalationOrder = "escalation_order"
        }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            email = try container.decodeIfPresent(String.self, forKey: .email)
            phone = try container.decodePatch(String.self, forKey: .phone)
            role = try container.decodeIfPresent(String.self, forKey: .role)
            escalationOrder = try container.decodePatch(Int.self, forKey: .escalationOrder)
        }
    }

    static let parameters = [EndpointParameter(path: "id", .uuid, description: "The customer."),
                             EndpointParameter(path: "contact_id", .uuid, description: "The contact.")]

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        [
            gateway.endpoint(.get, "/customers/{id}/contacts", operationID: "listCustomerContacts",
                             summary: "A customer's contacts in escalation order", tag: "customers",
                             permission: .customersRead, parameters: [parameters[0]], response: list) { context in
                let rows = try CustomerContacts.list(customer: try context.request.uuidParameter("id"),
                                                     for: context.principal, on: context.connection)
                return try .json(ListBody(data: rows))
            },
            gateway.endpoint(.post, "/customers/{id}/contacts", operationID: "addCustomerContact",
                             summary: "Add a contact to a customer", tag: "customers", permission: .customersWrite,
                             parameters: [parameters[0]], requestBody: create, successStatus: .created, response: contact,
                             acceptsIdempotencyKey: true, problems: [.conflict]) { context in
                let customerID = try context.request.uuidParameter("id")
                let body = try context.request.decodeJSON(CreateBody.self)
                var validation = Validation()
                validation.oneOf(body.role, roles, at: "/role")
                try validation.finish()
                let added = try CustomerContacts.add(
                    NewCustomerContact(name: body.name, email: body.email, phone: body.phone,
                                       role: CustomerContact.Role(rawValue: body.role) ?? .technical,
                                       escalationOrder: body.escalationOrder),
                    to: customerID, by: context.caller, on: context.connection)
                return try .json(added, status: .created)
            },
            gateway.endpoint(.patch, "/customers/{id}/contacts/{contact_id}", operationID: "updateCustomerContact",
                             summary: "Change a customer's contact", tag: "customers", permission: .customersWrite,
                             parameters: parameters, requestBody: update, response: contact,
                             problems: [.conflict]) { context in
                let customerID = try context.request.uuidParameter("id")
                let id = try context.request.uuidParameter("contact_id")
                let body = try context.request.decodeJSON(UpdateBody.self)
                var validation = Validation()
                if let role = body.role { validation.oneOf(role, roles, at: "/role") }
                try validation.finish()
                let updated = try CustomerContacts.update(id, customer: customerID, CustomerContactChanges(
                    name: body.name, email: body.email, phone: body.phone,
                    role: body.role.flatMap(CustomerContact.Role.init(rawValue:)), escalationOrder: body.escalationOrder),
                    by: context.caller, on: context.connection)
                return try .json(updated)
            },
            gateway.endpoint(.delete, "/customers/{id}/contacts/{contact_id}", operationID: "removeCustomerContact",
                             summary: "Remove a customer's contact", tag: "customers", permission: .customersWrite,
                             parameters: parameters, successStatus: .noContent) { context in
                try CustomerContacts.remove(try context.request.uuidParameter("contact_id"),
                                            customer: try context.request.uuidParameter("id"),
                                            by: context.caller, on: context.connection)
                return Response(status: .noContent)
            },
        ]
    }
}
