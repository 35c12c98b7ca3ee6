import Foundation
import HTTP
import Tenancy

/// `/environments/{id}`.
enum EnvironmentsAPI {
    static let environment = NamedSchema("Environment", .object([
        .init("id", .uuid),
        .init("partner_id", .uuid),
        .init("customer_id", .uuid),
        .init("kind", .enumeration(Environment.Kind.allCases.map(\.rawValue))),
        .init("created_at", .dateTime),
    ]))

    static let list = NamedSchema("EnvironmentList", .object([
        .init("data", .array(of: .reference("Environment"), maxItems: 2)),
    ]))

    struct ListBody: Encodable {
        var data: [Environment]
    }

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        [
            gateway.endpoint(.get, "/environments/{id}", operationID: "getEnvironment", summary: "Read an environment",
                             tag: "customers", permission: .environmentsRead,
                             parameters: [EndpointParameter(path: "id", .uuid)], response: environment) { context in
                try .json(Environments.get(try context.request.uuidParameter("id"), for: context.principal,
                                           on: context.connection))
            },
        ]
    }
}
