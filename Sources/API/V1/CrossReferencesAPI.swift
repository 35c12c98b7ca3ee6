import Commerce
import Flows
import Foundation
import HTTP
import Tenancy

/// `GET /customers/{id}/environments/{environment}/xrefs` (issue 6 §8, "where is order 123?"):
/// one system's id of a record leads to the record's id in every other system, from the hub's
/// cross-references (Migrations/0008). Read-only; for partner staff and the retailer's own
/// viewers alike (`connections:read`).
enum CrossReferencesAPI {
    static let crossReference = NamedSchema("CrossReference", .object([
        .init("entity", .enumeration(HubEntity.allCases.map(\.rawValue))),
        .init("key", .string.described("Our key for the record: an SKU, an order reference.")),
        .init("system", .string),
        .init("connection_id", .uuid),
        .init("external_id", .string),
        .init("created_at", .dateTime),
    ]))

    static let list = NamedSchema("CrossReferenceList", .object([
        .init("data", .array(of: .reference("CrossReference"), maxItems: 200)),
    ]))

    static let parameters = [
        EndpointParameter(path: "id", .uuid, description: "The customer."),
        EndpointParameter(path: "environment", .enumeration(Environment.Kind.allCases.map(\.rawValue))),
        EndpointParameter(query: "system", .string(minLength: 1, maxLength: 50), required: true,
                          description: "The system whose id is known, e.g. woocommerce, tryton-erp."),
        EndpointParameter(query: "external_id", .string(minLength: 1, maxLength: ExternalID.maxLength), required: true,
                          description: "The id in that system, exactly as it gives it."),
        EndpointParameter(query: "entity", .enumeration(HubEntity.allCases.map(\.rawValue)),
                          description: "Only records of this kind."),
    ]

    struct ListBody: Encodable {
        var data: [HubCrossReference]
    }

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        [
            gateway.endpoint(.get, "/customers/{id}/environments/{environment}/xrefs", operationID: "locateCrossReferences",
                             summary: "Where is order 123? Every system's id of the records one system's id names",
                             tag: "customers", permission: .connectionsRead, parameters: parameters, response: list) { context in
                let request = context.request
                // The customer first: another tenant's id is a 404 whatever else the request says.
                let customer = try Customers.get(try request.uuidParameter("id"), for: context.principal, on: context.connection)
                var problems: [FieldError] = []
                let environment = request.parameters["environment"].flatMap(Environment.Kind.init(rawValue:))
                if environment == nil { problems.append(FieldError(field: "environment", message: "must be sandbox or production")) }
                let system = request.queryParameters["system"] ?? ""
                if !(1...50).contains(system.count) { problems.append(FieldError(field: "system", message: "must be 1–50 characters")) }
                let externalID = request.queryParameters["external_id"] ?? ""
                if !(1...ExternalID.maxLength).contains(externalID.count) {
                    problems.append(FieldError(field: "external_id", message: "must be 1–\(ExternalID.maxLength) characters"))
                }
                let entity = try request.queryParameter("entity", oneOf: HubEntity.allCases.map(\.rawValue))
                guard problems.isEmpty, let environment else { throw ProblemError.invalidParameters(problems) }
                return try .json(ListBody(data: HubCrossReferences.locate(
                    ExternalID(SystemKind(rawValue: system), externalID), entity: entity.flatMap(HubEntity.init(rawValue:)),
                    customer: customer.id, environment: environment, for: context.principal, on: context.connection)))
            },
        ]
    }
}
