import Flows
import Foundation
import HTTP
import Tenancy

/// What went silent in a customer's integration (issue 6 §8): missed schedules, webhooks the
/// source disabled, rejected credentials — open ones first — and closing one by hand with a
/// comment. Readable by everyone who reads the customer's messages, customer viewers included.
enum ProblemsAPI {
    struct ResolveBody: StrictlyDecodable {
        var comment: String
        enum CodingKeys: String, CodingKey, CaseIterable { case comment }
    }

    /// The API's form of a problem.
    struct ProblemJSON: Encodable {
        var problem: FlowProblem

        enum CodingKeys: String, CodingKey {
            case id, customerID = "customer_id", environmentID = "environment_id", flowID = "flow_id", connectionID = "connection_id"
            case kind, detail = "detail", summary, state, openedAt = "opened_at", lastSeenAt = "last_seen_at", occurrences
            case resolvedAt = "resolved_at", resolution
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(problem.id, forKey: .id)
            try container.encode(problem.customerID, forKey: .customerID)
            try container.encode(problem.environmentID, forKey: .environmentID)
            try container.encode(problem.flowID, forKey: .flowID)
            try container.encode(problem.connectionID, forKey: .connectionID)
            try container.encode(problem.kind.rawValue, forKey: .kind)
            try container.encode(problem.detailKey, forKey: .detail)
            try container.encode(problem.summary, forKey: .summary)
            try container.encode(problem.isOpen ? "open" : "resolved", forKey: .state)
            try container.encode(problem.openedAt, forKey: .openedAt)
            try container.encode(problem.lastSeenAt, forKey: .lastSeenAt)
            try container.encode(problem.occurrences, forKey: .occurrences)
            try container.encode(problem.resolvedAt, forKey: .resolvedAt)
            try container.encode(problem.resolution, forKey: .resolution)
        }
    }

    struct ListBody: Encodable {
        var data: [ProblemJSON]
    }

    static let kinds = [FlowProblem.Kind.scheduleMissed, .webhookDisabled, .credentialsRejected, .connectionRejected].map(\.rawValue)

    static let problem = NamedSchema("FlowProblem", .object([
        .init("id", .uuid),
        .init("customer_id", .uuid),
        .init("environment_id", .uuid),
        .init("flow_id", JSONSchema.uuid.nullable),
        .init("connection_id", JSONSchema.uuid.nullable),
        .init("kind", .enumeration(kinds)),
        .init("detail", .string),
        .init("summary", .string),
        .init("state", .enumeration(["open", "resolved"])),
        .init("opened_at", .dateTime),
        .init("last_seen_at", .dateTime),
        .init("occurrences", .integer),
        .init("resolved_at", JSONSchema.dateTime.nullable),
        .init("resolution", JSONSchema.string.nullable),
    ]).described("Something that went silent, raised: a scheduled run that did not happen, a webhook the source disabled, "
                 + "credentials the system rejected. Open while it lasts (occurrences count repeats), resolved when it clears."))

    static let list = NamedSchema("FlowProblemList", .object([.init("data", .array(of: .reference("FlowProblem"), maxItems: 200))]))

    static let resolve = NamedSchema("FlowProblemResolve", .object([.init("comment", .string(minLength: 1, maxLength: 1000))])
        .described("e.g. {\"comment\": \"Webhook secret re-entered in WooCommerce\"}"))

    static let customerParameter = EndpointParameter(path: "id", .uuid, description: "The customer.")

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        [
            gateway.endpoint(.get, "/customers/{id}/problems", operationID: "listCustomerProblems",
                             summary: "What went silent in the customer's integration, open problems first", tag: "messages",
                             permission: .messagesRead,
                             parameters: [customerParameter, EndpointParameter(query: "state", .enumeration(["open", "all"]),
                                                                               description: "open (the default) or all")],
                             response: list) { context in
                let customerID = try context.request.uuidParameter("id")
                let state = context.request.queryParameters["state"] ?? "open"
                guard ["open", "all"].contains(state) else {
                    throw ProblemError.invalidParameters([FieldError(field: "state", message: "must be open or all")])
                }
                _ = try Customers.get(customerID, for: context.principal, on: context.connection)
                let problems = try FlowProblems.list(customer: customerID, openOnly: state == "open", for: context.principal,
                                                     on: context.connection)
                return try .json(ListBody(data: problems.map(ProblemJSON.init)))
            },
            gateway.endpoint(.post, "/problems/{problem}/resolve", operationID: "resolveProblem",
                             summary: "Close an open problem by hand, with a comment (audited)", tag: "messages",
                             permission: .messagesWrite,
                             parameters: [EndpointParameter(path: "problem", .uuid, description: "The problem.")],
                             requestBody: resolve, response: problem) { context in
                let body = try context.request.decodeJSON(ResolveBody.self)
                var validation = Validation()
                validation.require((1...1000).contains(body.comment.trimmingCharacters(in: .whitespacesAndNewlines).count),
                                   at: "/comment", "must be 1 to 1000 characters")
                try validation.finish()
                return try .json(ProblemJSON(problem: FlowProblems.resolve(try context.request.uuidParameter("problem"),
                                                                           comment: body.comment, by: context.caller, at: Date(),
                                                                           on: context.connection)))
            },
        ]
    }
}
