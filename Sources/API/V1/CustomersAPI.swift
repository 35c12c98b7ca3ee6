import Foundation
import HTTP
import Tenancy

/// `/customers`: a partner's retail customers (issue 3 §6). Customer viewers see only their own.
enum CustomersAPI {
    static let statuses = Customer.Status.allCases.map(\.rawValue)

    static let customer = NamedSchema("Customer", .object([
        .init("id", .uuid),
        .init("partner_id", .uuid),
        .init("name", .string(minLength: 1, maxLength: 200)),
        .init("tier_code", .string(minLength: 1, maxLength: 32)),
        .init("status", .enumeration(statuses)),
        .init("external_reference", JSONSchema.string(maxLength: 100).nullable, required: false),
        .init("created_at", .dateTime),
        .init("updated_at", .dateTime),
    ]))

    static let create = NamedSchema("CreateCustomer", .object([
        .init("name", .string(minLength: 1, maxLength: 200)),
        .init("tier_code", .string(minLength: 1, maxLength: 32, pattern: "^[a-z0-9][a-z0-9_-]*$"), required: false),
        .init("external_reference", JSONSchema.string(maxLength: 100).nullable, required: false),
    ]))

    static let update = NamedSchema("UpdateCustomer", .object([
        .init("name", .string(minLength: 1, maxLength: 200), required: false),
        .init("tier_code", .string(minLength: 1, maxLength: 32, pattern: "^[a-z0-9][a-z0-9_-]*$"), required: false),
        .init("status", .enumeration(statuses), required: false),
        .init("external_reference", JSONSchema.string(maxLength: 100).nullable, required: false),
    ]))

    struct CreateBody: StrictlyDecodable {
        var name: String
        var tierCode: String?
        var externalReference: String?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, tierCode = "tier_code", externalReference = "external_reference"
        }
    }

    struct UpdateBody: StrictlyDecodable {
        var name: String?
        var tierCode: String?
        var status: String?
        var externalReference: String??
        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, tierCode = "tier_code", status, externalReference = "external_reference"
        }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            tierCode = try container.decodeIfPresent(String.self, forKey: .tierCode)
            status = try container.decodeIfPresent(String.self, forKey: .status)
            externalReference = try container.decodePatch(String.self, forKey: .externalReference)
        }
    }

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        [
            gateway.endpoint(.get, "/customers", operationID: "listCustomers", summary: "List customers", tag: "customers",
                             permission: .customersRead,
                             parameters: [EndpointParameter(query: "q", .string(maxLength: 200),
                                                            description: "Only customers whose name contains this text.")],
                             response: customer, isPaginated: true) { context in
                let page = try PageRequest(context.request)
                let rows = try Customers.list(for: context.principal, search: context.request.queryParameters["q"],
                                              after: page.cursor?.id, limit: page.fetchLimit, on: context.connection)
                return try .json(page.page(of: rows) { Cursor(after: $0.id) })
            },
            gateway.endpoint(.post, "/customers", operationID: "createCustomer", summary: "Create a customer",
                             tag: "customers", permission: .customersWrite, requestBody: create, successStatus: .created,
                             response: customer, acceptsIdempotencyKey: true, problems: [.conflict]) { context in
                let body = try context.request.decodeJSON(CreateBody.self)
                let created = try Customers.create(
                    NewCustomer(name: body.name, tierCode: body.tierCode ?? "bronze", externalReference: body.externalReference),
                    by: context.caller, on: context.connection)
                return try .json(created, status: .created)
            },
            gateway.endpoint(.get, "/customers/{id}", operationID: "getCustomer", summary: "Read a customer",
                             tag: "customers", permission: .customersRead,
                             parameters: [EndpointParameter(path: "id", .uuid)], response: customer) { context in
                try .json(Customers.get(try context.request.uuidParameter("id"), for: context.principal, on: context.connection))
            },
            gateway.endpoint(.patch, "/customers/{id}", operationID: "updateCustomer",
                             summary: "Rename a customer, change its tier, suspend or reactivate it", tag: "customers",
                             permission: .customersWrite, parameters: [EndpointParameter(path: "id", .uuid)],
                             requestBody: update, response: customer, problems: [.conflict]) { context in
                let id = try context.request.uuidParameter("id")
                let body = try context.request.decodeJSON(UpdateBody.self)
                var validation = Validation()
                if let status = body.status { validation.oneOf(status, statuses, at: "/status") }
                try validation.finish()
                let updated = try Customers.update(id, CustomerChanges(
                    name: body.name, tierCode: body.tierCode, status: body.status.flatMap(Customer.Status.init(rawValue:)),
                    externalReference: body.externalReference), by: context.caller, on: context.connection)
                return try .json(updated)
            },
            gateway.endpoint(.get, "/customers/{id}/environments", operationID: "listCustomerEnvironments",
                             summary: "A customer's sandbox and production environments", tag: "customers",
                             permission: .environmentsRead, parameters: [EndpointParameter(path: "id", .uuid)],
                             response: EnvironmentsAPI.list) { context in
                let rows = try Environments.list(customer: try context.request.uuidParameter("id"), for: context.principal,
                                                 on: context.connection)
                return try .json(EnvironmentsAPI.ListBody(data: rows))
            },
        ]
    }
}
