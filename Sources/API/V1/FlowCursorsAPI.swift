import Connectors
import Flows
import Foundation
import HTTP
import Tenancy

/// Where each of a flow's change reads stands, and resetting one to re-read a window (issue 6
/// §8, "cursors you cannot see"). Reading a position is connection reading; moving it changes
/// what the flow will do, so it takes `connections:write`, and is audited.
enum FlowCursorsAPI {
    struct ResetBody: StrictlyDecodable {
        var feed: String
        var connectionID: UUID
        var resetTo: String
        enum CodingKeys: String, CodingKey, CaseIterable {
            case feed, connectionID = "connection_id", resetTo = "reset_to"
        }
    }

    struct ListBody: Encodable {
        var data: [FlowCursor]
    }

    static let feeds = ConnectorResource.allCases.map(\.rawValue)

    static let cursor = NamedSchema("FlowCursor", .object([
        .init("flow_id", .uuid),
        .init("feed", .enumeration(feeds)),
        .init("connection_id", .uuid),
        .init("position", JSONSchema.string.nullable, required: false),
        .init("reset_to", JSONSchema.dateTime.nullable, required: false),
        .init("polled_at", JSONSchema.dateTime.nullable, required: false),
        .init("last_change_at", JSONSchema.dateTime.nullable, required: false),
        .init("changes_read", .integer),
        .init("last_error", JSONSchema.string.nullable, required: false),
    ]).described("One change read of a flow: the connector's position token, when it was last read, when it last found "
                 + "changes and how many it has handed over, and the last read's error."))

    static let list = NamedSchema("FlowCursorList", .object([.init("data", .array(of: .reference("FlowCursor"), maxItems: 20))]))

    static let reset = NamedSchema("FlowCursorReset", .object([
        .init("feed", .enumeration(feeds)),
        .init("connection_id", .uuid),
        .init("reset_to", .dateTime),
    ]).described("Re-read everything changed since `reset_to` (not in the future), e.g. "
                 + "{\"feed\": \"order\", \"connection_id\": \"…\", \"reset_to\": \"2026-11-20T00:00:00Z\"}."))

    static func endpoints(_ gateway: TenantGateway, _ setup: ConnectionsAPI.Setup) -> [Endpoint] {
        let parameters = [FlowsAPI.customerParameter, FlowsAPI.environmentParameter, FlowsAPI.flowParameter]
        return [
            gateway.endpoint(.get, "/customers/{id}/environments/{environment}/flows/{flow}/cursors", operationID: "listFlowCursors",
                             summary: "Where each of a flow's change reads stands", tag: "flows", permission: .connectionsRead,
                             parameters: parameters, response: list) { context in
                let flow = try customerFlow(context)
                return try .json(ListBody(data: FlowCursors.list(flow: flow.id, for: context.principal, on: context.connection)))
            },
            gateway.endpoint(.post, "/customers/{id}/environments/{environment}/flows/{flow}/cursors/reset",
                             operationID: "resetFlowCursor",
                             summary: "Move a change read back to a time, to re-read that window", tag: "flows",
                             permission: .connectionsWrite, parameters: parameters, requestBody: reset, response: cursor,
                             problems: [.conflict]) { context in
                let flow = try customerFlow(context)
                let body = try context.request.decodeJSON(ResetBody.self)
                var validation = Validation()
                validation.oneOf(body.feed, feeds, at: "/feed")
                let date = APIJSON.parseTimestamp(body.resetTo)
                validation.require(date != nil, at: "/reset_to", "must be an RFC 3339 date-time such as 2026-11-20T00:00:00Z")
                try validation.finish()
                let catalog = try ConnectionsAPI.require(setup.catalog)
                return try .json(FlowCursors.reset(flow: flow.id, feed: ConnectorResource(rawValue: body.feed) ?? .order,
                                                   connection: body.connectionID, to: date ?? Date(), catalog: catalog,
                                                   by: context.caller, at: Date(), on: context.connection))
            },
        ]
    }

    /// The flow the path names; 404 when it was never switched on.
    static func customerFlow(_ context: APIContext) throws -> CustomerFlow {
        let (_, environment, kind) = try FlowsAPI.target(context)
        guard let flow = try CustomerFlows.get(kind, in: environment.id, for: context.principal, on: context.connection) else {
            throw ProblemError.notFound("flow")
        }
        return flow
    }

}
