import Flows
import Foundation
import HTTP
import Tenancy

/// A customer's flows (issue 6 §5–§7): which templates run in which environment between which
/// connections, pausing and resuming them, and promoting a flow's configuration from sandbox
/// to production — shown as a difference first, applied only while that difference holds.
/// Wiring flows is connecting a customer's systems, so these take the connection permissions,
/// as `CustomerFlows` does.
enum FlowsAPI {
    static let customerParameter = EndpointParameter(path: "id", .uuid, description: "The customer.")
    static let environmentParameter = EndpointParameter(path: "environment", .enumeration(FlowJSON.environments))
    static let flowParameter = EndpointParameter(path: "flow", .enumeration(FlowJSON.flows), description: "The template.")

    struct ConfigureBody: StrictlyDecodable {
        var sourceConnectionID: UUID?
        var targetConnectionID: UUID?
        var options: [String: String]?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case sourceConnectionID = "source_connection_id", targetConnectionID = "target_connection_id", options
        }
    }

    struct PauseBody: StrictlyDecodable {
        var reason: String
        enum CodingKeys: String, CodingKey, CaseIterable { case reason }
    }

    struct PromoteBody: StrictlyDecodable {
        var diffHash: String
        enum CodingKeys: String, CodingKey, CaseIterable { case diffHash = "diff_hash" }
    }

    struct ListBody: Encodable {
        var data: [FlowJSON]
    }

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        let inEnvironment = [customerParameter, environmentParameter, flowParameter]
        return [
            gateway.endpoint(.get, "/customers/{id}/flows", operationID: "listCustomerFlows",
                             summary: "A customer's flows in both environments, sandbox first", tag: "flows",
                             permission: .connectionsRead, parameters: [customerParameter], response: FlowJSON.list) { context in
                try .json(ListBody(data: CustomerFlows.list(customer: try context.request.uuidParameter("id"),
                                                            for: context.principal, on: context.connection).map(FlowJSON.init)))
            },
            gateway.endpoint(.put, "/customers/{id}/environments/{environment}/flows/{flow}", operationID: "configureFlow",
                             summary: "Switch a flow on in one environment, or change its connections and options", tag: "flows",
                             permission: .connectionsWrite, parameters: inEnvironment, requestBody: FlowJSON.configure,
                             response: FlowJSON.schema) { context in
                let (customerID, environment, flow) = try target(context)
                let body = try context.request.decodeJSON(ConfigureBody.self)
                if let options = body.options {
                    var validation = Validation()
                    for (name, value) in options.sorted(by: { $0.key < $1.key }) {
                        validation.length(name, in: 1...60, at: "/options")
                        validation.length(value, in: 0...1000, at: "/options/\(name)")
                    }
                    try validation.finish()
                }
                return try .json(FlowJSON(CustomerFlows.configure(
                    FlowConfiguration(environmentID: environment.id, flow: flow, sourceConnectionID: body.sourceConnectionID,
                                      targetConnectionID: body.targetConnectionID, options: body.options ?? [:]),
                    customer: customerID, by: context.caller, on: context.connection)))
            },
            gateway.endpoint(.post, "/customers/{id}/environments/{environment}/flows/{flow}/pause", operationID: "pauseFlow",
                             summary: "Pause a flow: its messages wait until it is resumed", tag: "flows",
                             permission: .connectionsWrite, parameters: inEnvironment, requestBody: FlowJSON.pause,
                             response: FlowJSON.schema) { context in
                let (_, environment, flow) = try target(context)
                let body = try context.request.decodeJSON(PauseBody.self)
                return try .json(FlowJSON(CustomerFlows.setPaused(flow, in: environment.id, reason: body.reason,
                                                                  by: context.caller, on: context.connection)))
            },
            gateway.endpoint(.post, "/customers/{id}/environments/{environment}/flows/{flow}/resume", operationID: "resumeFlow",
                             summary: "Resume a paused flow", tag: "flows", permission: .connectionsWrite,
                             parameters: inEnvironment, response: FlowJSON.schema) { context in
                let (_, environment, flow) = try target(context)
                return try .json(FlowJSON(CustomerFlows.setPaused(flow, in: environment.id, reason: nil, by: context.caller,
                                                                  on: context.connection)))
            },
            gateway.endpoint(.get, "/customers/{id}/flows/{flow}/promotion", operationID: "getFlowPromotion",
                             summary: "What promoting the sandbox's flow to production would change, field by field", tag: "flows",
                             permission: .connectionsRead, parameters: [customerParameter, flowParameter],
                             response: FlowJSON.promotion) { context in
                let (customerID, flow) = try customerAndFlow(context.request)
                return try .json(CustomerFlows.promotionDiff(flow, customer: customerID, for: context.principal,
                                                             on: context.connection))
            },
            gateway.endpoint(.post, "/customers/{id}/flows/{flow}/promote", operationID: "promoteFlow",
                             summary: "Apply the sandbox's options and mapping to production, keeping production's connections",
                             tag: "flows", permission: .connectionsWrite, parameters: [customerParameter, flowParameter],
                             requestBody: FlowJSON.promote, response: FlowJSON.schema, problems: [.conflict]) { context in
                let (customerID, flow) = try customerAndFlow(context.request)
                let body = try context.request.decodeJSON(PromoteBody.self)
                return try .json(FlowJSON(CustomerFlows.promote(flow, customer: customerID, diffHash: body.diffHash,
                                                                by: context.caller, on: context.connection)))
            },
        ]
    }

    /// The customer and flow the path names; an unknown flow is a 404, as an unknown customer is.
    static func customerAndFlow(_ request: Request) throws(ProblemError) -> (UUID, FlowKind) {
        let customerID = try request.uuidParameter("id")
        guard let flow = request.parameters["flow"].flatMap(FlowKind.init(validating:)) else { throw .notFound("flow") }
        return (customerID, flow)
    }

    /// The customer, environment and flow the path names.
    static func target(_ context: APIContext) throws -> (UUID, Tenancy.Environment, FlowKind) {
        let (customerID, flow) = try customerAndFlow(context.request)
        let kind = context.request.parameters["environment"]
        guard let environment = try Environments.list(customer: customerID, for: context.principal, on: context.connection)
            .first(where: { $0.kind.rawValue == kind }) else { throw ProblemError.notFound("environment") }
        return (customerID, environment, flow)
    }
}
