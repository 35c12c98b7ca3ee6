import Flows
import Foundation
import Tenancy

/// A customer's flow as the API shows it, and the schemas of the flow endpoints.
struct FlowJSON: Encodable {
    var flow: CustomerFlow
    var flowName: String

    init(_ flow: CustomerFlow) {
        self.flow = flow
        flowName = flow.flow.displayName
    }

    enum CodingKeys: String, CodingKey { case flowName = "flow_name" }

    /// The flow's own members, then `flow_name`.
    func encode(to encoder: any Encoder) throws {
        try flow.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(flowName, forKey: .flowName)
    }

    static let flows = FlowKind.allCases.map(\.rawValue)
    static let environments = Tenancy.Environment.Kind.allCases.map(\.rawValue)

    static let options = JSONSchema.object([], closed: false)
        .described("The template's options by name, as strings, e.g. {\"price_tolerance\": \"0.01\"}. "
                   + "`\(FlowPromotion.mappingVersionOption)` pins the mapping version the environment runs (set by promotion).")

    static let schema = NamedSchema("CustomerFlow", .object([
        .init("id", .uuid),
        .init("partner_id", .uuid),
        .init("customer_id", .uuid),
        .init("environment_id", .uuid),
        .init("environment", .enumeration(environments)),
        .init("flow", .enumeration(flows)),
        .init("flow_name", .string),
        .init("status", .enumeration(Connection.Status.allCases.map(\.rawValue))),
        .init("paused_reason", JSONSchema.string.nullable, required: false),
        .init("source_connection_id", JSONSchema.uuid.nullable, required: false),
        .init("target_connection_id", JSONSchema.uuid.nullable, required: false),
        .init("options", options),
    ]))

    static let list = NamedSchema("CustomerFlowList", .object([
        .init("data", .array(of: .reference("CustomerFlow"), maxItems: flows.count * environments.count)),
    ]))

    static let configure = NamedSchema("ConfigureFlow", .object([
        .init("source_connection_id", JSONSchema.uuid.nullable, required: false),
        .init("target_connection_id", JSONSchema.uuid.nullable, required: false),
        .init("options", options, required: false),
    ]).described("e.g. {\"source_connection_id\": \"<the shop's connection>\", \"target_connection_id\": \"<the ERP's>\", "
                 + "\"options\": {\"price_tolerance\": \"0.01\"}}; both connections of the same environment."))

    static let pause = NamedSchema("PauseFlow", .object([
        .init("reason", .string(minLength: 1, maxLength: 1000)),
    ]).described("e.g. {\"reason\": \"ERP upgrade until Monday 06:00\"}"))

    /// The served form of ``FlowPromotion`` (its flows without `flow_name`: they are the stored rows).
    static let promotion = NamedSchema("FlowPromotion", .object([
        .init("flow", .enumeration(flows)),
        .init("customer_id", .uuid),
        .init("sandbox", JSONSchema.object([], closed: false).described("The sandbox's flow, as CustomerFlow.")),
        .init("production", JSONSchema.object([], closed: false).nullable
            .described("Production's flow, null when promotion creates it.")),
        .init("sandbox_mapping_version", JSONSchema.integer(minimum: 1).nullable),
        .init("production_mapping_version", JSONSchema.integer(minimum: 1).nullable),
        .init("changes", .array(of: .object([
            .init("field", JSONSchema.string.described("`options.<name>` or `mapping_version`.")),
            .init("before", JSONSchema.string.nullable.described("Production's value; null when not set.")),
            .init("after", JSONSchema.string.nullable.described("The value promotion gives production.")),
        ]))),
        .init("diff_hash", JSONSchema.string(minLength: 64, maxLength: 64)
            .described("Send it back to promote: a promotion whose difference changed since is a 409.")),
        .init("creates_production_flow", .boolean),
    ]))

    static let promote = NamedSchema("PromoteFlow", .object([
        .init("diff_hash", .string(minLength: 1, maxLength: 64)),
    ]).described("e.g. {\"diff_hash\": \"<diff_hash from GET …/promotion>\"}"))

    static let schemas = [schema]
}
