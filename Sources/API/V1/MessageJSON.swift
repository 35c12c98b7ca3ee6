import Connectors
import Flows
import Foundation
import Tenancy

/// A message as the API shows it (issue 6 §3, §6): its life without its payloads in lists;
/// with them — cut for display, flagged, and sized — in its story. The whole input is its own
/// endpoint, `GET /messages/{id}/input`.
struct MessageJSON: Encodable {
    var id: UUID
    var customerID: UUID
    var environmentID: UUID
    var environment: String
    var flow: String
    var subject: String
    var status: String
    var needsAttention: Bool
    var sourceSystem: String
    var sourceConnectionID: UUID?
    var reference: String?
    var attempts: Int
    var lastError: MessageError?
    var nextAttemptAt: Date?
    var receivedAt: Date
    var firstAttemptAt: Date?
    var finishedAt: Date?
    var resolution: String?
    var resolutionComment: String?
    var replayOf: UUID?
    var inputBytes: Int
    var outputBytes: Int?

    enum CodingKeys: String, CodingKey {
        case id, customerID = "customer_id", environmentID = "environment_id", environment, flow, subject, status
        case needsAttention = "needs_attention", sourceSystem = "source_system", sourceConnectionID = "source_connection_id"
        case reference, attempts, lastError = "last_error", nextAttemptAt = "next_attempt_at", receivedAt = "received_at"
        case firstAttemptAt = "first_attempt_at", finishedAt = "finished_at", resolution
        case resolutionComment = "resolution_comment", replayOf = "replay_of", inputBytes = "input_bytes"
        case outputBytes = "output_bytes"
    }

    init(_ message: Message) {
        id = message.id
        customerID = message.customerID
        environmentID = message.environmentID
        environment = message.environmentKind.rawValue
        flow = message.flow.rawValue
        subject = message.subject
        status = message.status.rawValue
        // An operator's decision closes the question even though the status stays.
        needsAttention = message.status.needsAttention && message.resolution == nil
        sourceSystem = message.sourceSystem
        sourceConnectionID = message.sourceConnectionID
        reference = message.reference
        attempts = message.attempts
        lastError = message.lastError
        nextAttemptAt = message.nextAttemptAt
        receivedAt = message.receivedAt
        firstAttemptAt = message.firstAttemptAt
        finishedAt = message.finishedAt
        resolution = message.resolution?.rawValue
        resolutionComment = message.resolutionComment
        replayOf = message.replayOf
        inputBytes = message.input.byteCount
        outputBytes = message.output?.byteCount
    }

    /// A payload for a page: its text (cut past `MessagePayload.displayLimit`), whether it was
    /// cut, and its whole size.
    struct Payload: Encodable {
        var text: String
        var truncated: Bool
        var bytes: Int

        init(_ payload: MessagePayload) {
            text = payload.displayText
            truncated = payload.isTruncatedForDisplay
            bytes = payload.byteCount
        }
    }

    /// The full story: the message, its payloads, every attempt, its ids in each system.
    struct Story: Encodable {
        var message: MessageJSON
        var input: Payload
        var output: Payload?
        var attempts: [MessageAttempt]
        var externalIDs: [MessageExternalID]

        enum CodingKeys: String, CodingKey { case message, input, output, attempts, externalIDs = "external_ids" }

        init(_ story: MessageStory) {
            message = MessageJSON(story.message)
            input = Payload(story.message.input)
            output = story.message.output.map(Payload.init)
            attempts = story.attempts
            externalIDs = story.externalIDs
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message, forKey: .message)
            try container.encode(input, forKey: .input)
            try container.encode(output, forKey: .output)
            try container.encode(attempts, forKey: .attempts)
            try container.encode(externalIDs, forKey: .externalIDs)
        }
    }

    /// One step of an order's timeline: a message of any flow, with its ids in every system.
    struct TimelineEntry: Encodable {
        var message: MessageJSON
        var flowName: String
        var externalIDs: [MessageExternalID]

        enum CodingKeys: String, CodingKey { case message, flowName = "flow_name", externalIDs = "external_ids" }

        init(_ story: MessageStory) {
            message = MessageJSON(story.message)
            flowName = story.message.flow.displayName
            externalIDs = story.externalIDs
        }
    }

    // MARK: Schemas

    static let statuses = Message.Status.allCases.map(\.rawValue)

    static let error = JSONSchema.object([
        .init("class", .enumeration(ConnectorError.Class.allCases.map(\.rawValue))),
        .init("text", .string),
        .init("upstream_status", JSONSchema.integer.nullable, required: false),
    ])

    static let schema = NamedSchema("Message", .object([
        .init("id", .uuid),
        .init("customer_id", .uuid),
        .init("environment_id", .uuid),
        .init("environment", .enumeration(Tenancy.Environment.Kind.allCases.map(\.rawValue))),
        .init("flow", .string),
        .init("subject", .string),
        .init("status", .enumeration(statuses)),
        .init("needs_attention", JSONSchema.boolean.described("Exception or dead, and not yet resolved or ignored.")),
        .init("source_system", .string),
        .init("source_connection_id", JSONSchema.uuid.nullable, required: false),
        .init("reference", JSONSchema.string.nullable, required: false),
        .init("attempts", .integer(minimum: 0)),
        .init("last_error", error.nullable, required: false),
        .init("next_attempt_at", JSONSchema.dateTime.nullable, required: false),
        .init("received_at", .dateTime),
        .init("first_attempt_at", JSONSchema.dateTime.nullable, required: false),
        .init("finished_at", JSONSchema.dateTime.nullable, required: false),
        .init("resolution", JSONSchema.enumeration(Message.Resolution.allCases.map(\.rawValue)).nullable, required: false),
        .init("resolution_comment", JSONSchema.string.nullable, required: false),
        .init("replay_of", JSONSchema.uuid.nullable, required: false),
        .init("input_bytes", .integer(minimum: 0)),
        .init("output_bytes", JSONSchema.integer(minimum: 0).nullable, required: false),
    ]))

    static let payload = NamedSchema("MessagePayload", .object([
        .init("text", JSONSchema.string.described("The JSON as stored, cut after \(MessagePayload.displayLimit) bytes.")),
        .init("truncated", .boolean),
        .init("bytes", .integer(minimum: 0)),
    ]))

    static let externalID = NamedSchema("MessageExternalID", .object([.init("system", .string), .init("id", .string)]))

    static let story = NamedSchema("MessageStory", .object([
        .init("message", .reference("Message")),
        .init("input", .reference("MessagePayload")),
        .init("output", JSONSchema.reference("MessagePayload").nullable),
        .init("attempts", .array(of: .object([
            .init("number", .integer(minimum: 1)),
            .init("started_at", .dateTime),
            .init("finished_at", JSONSchema.dateTime.nullable, required: false),
            .init("outcome", JSONSchema.enumeration(statuses).nullable, required: false),
            .init("error", error.nullable, required: false),
        ]))),
        .init("external_ids", .array(of: .reference("MessageExternalID"))),
    ]))

    static let timeline = NamedSchema("MessageTimeline", .object([
        .init("reference", .string),
        .init("data", .array(of: .object([
            .init("message", .reference("Message")),
            .init("flow_name", .string),
            .init("external_ids", .array(of: .reference("MessageExternalID"))),
        ]), maxItems: MessagesAPI.timelineLimit)),
    ]))

    static let schemas = [schema, payload, externalID]
}
