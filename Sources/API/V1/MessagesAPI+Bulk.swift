import Flows
import Foundation
import HTTP
import Tenancy

/// Bulk recovery (issue 6 §8: "one-at-a-time recovery"): retry or replay a set of messages
/// named by id or by the list's filter, at most ``bulkLimit`` per request. Each message's
/// retry or replay is audited by the store; the request itself is audited too, with its
/// filter and count, so "who put 800 orders back in line?" has one answer.
extension MessagesAPI {
    /// The most messages one bulk request moves; a larger set is worked through in several.
    static let bulkLimit = 1000

    static let filterSchema = JSONSchema.object([
        .init("status", .string(maxLength: 200), required: false),
        .init("flow", .enumeration(FlowKind.allCases.map(\.rawValue)), required: false),
        .init("system", .string(maxLength: 40), required: false),
        .init("customer_id", .uuid, required: false),
        .init("received_from", .dateTime, required: false),
        .init("received_before", .dateTime, required: false),
        .init("reference", .string(maxLength: 200), required: false),
    ]).described("The filters of GET /messages. Only exceptions and dead messages not yet resolved are taken.")

    static let bulkRetry = NamedSchema("RetryMessages", .object([
        .init("ids", .array(of: .uuid, maxItems: bulkLimit), required: false),
        .init("filter", filterSchema, required: false),
    ]).described("Either `ids` or `filter`, e.g. {\"filter\": {\"status\": \"exception\", \"flow\": \"order-to-erp\", "
                 + "\"received_from\": \"2026-11-22T00:00:00Z\"}} or {\"ids\": [\"0193…\"]}."))

    static let bulkRetryResult = NamedSchema("RetriedMessages", .object([
        .init("retried", .integer(minimum: 0)),
        .init("ids", .array(of: .uuid, maxItems: bulkLimit).described("The messages put back in line.")),
        .init("more", JSONSchema.boolean.described("More messages match than one request takes; send it again.")),
    ]))

    static let bulkReplay = NamedSchema("ReplayMessages", .object([
        .init("filter", filterSchema),
    ]).described("e.g. {\"filter\": {\"status\": \"dead\", \"system\": \"woocommerce\"}}: each message replays with its own payload."))

    static let bulkReplayResult = NamedSchema("ReplayedMessages", .object([
        .init("replayed", .integer(minimum: 0)),
        .init("messages", .array(of: .object([.init("original_id", .uuid), .init("replay_id", .uuid)]), maxItems: bulkLimit)),
        .init("more", .boolean),
    ]))

    struct FilterBody: StrictlyDecodable {
        var status: String?
        var flow: String?
        var system: String?
        var customerID: String?
        var receivedFrom: String?
        var receivedBefore: String?
        var reference: String?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case status, flow, system, customerID = "customer_id", receivedFrom = "received_from"
            case receivedBefore = "received_before", reference
        }

        var values: [String: String] {
            var values: [String: String] = [:]
            for (key, value) in [("status", status), ("flow", flow), ("system", system), ("customer_id", customerID),
                                 ("received_from", receivedFrom), ("received_before", receivedBefore), ("reference", reference)] {
                values[key] = value
            }
            return values
        }
    }

    struct BulkRetryBody: StrictlyDecodable {
        var ids: [UUID]?
        var filter: FilterBody?
        enum CodingKeys: String, CodingKey, CaseIterable { case ids, filter }
        static var nestedObjects: [String: any StrictlyDecodable.Type] { ["filter": FilterBody.self] }
    }

    struct BulkReplayBody: StrictlyDecodable {
        var filter: FilterBody
        enum CodingKeys: String, CodingKey, CaseIterable { case filter }
        static var nestedObjects: [String: any StrictlyDecodable.Type] { ["filter": FilterBody.self] }
    }

    struct RetriedBody: Encodable {
        var retried: Int
        var ids: [UUID]
        var more: Bool
    }

    struct ReplayedBody: Encodable {
        struct Pair: Encodable {
            var originalID: UUID
            var replayID: UUID
            enum CodingKeys: String, CodingKey { case originalID = "original_id", replayID = "replay_id" }
        }
        var replayed: Int
        var messages: [Pair]
        var more: Bool
    }

    /// What the audit log keeps of a bulk request: how it chose, and how many it moved.
    struct BulkAudit: Encodable {
        var filter: [String: String]?
        var requestedIDs: Int?
        var moved: Int
        var more: Bool
        enum CodingKeys: String, CodingKey { case filter, requestedIDs = "requested_ids", moved, more }
    }

    static func bulkEndpoints(_ gateway: TenantGateway) -> [Endpoint] {
        [
            gateway.endpoint(.post, "/messages/retry", operationID: "retryMessages",
                             summary: "Retry many exception or dead messages, by id or by filter (at most 1000)", tag: "messages",
                             permission: .messagesWrite, requestBody: bulkRetry, response: bulkRetryResult) { context in
                let body = try context.request.decodeJSON(BulkRetryBody.self)
                var candidates: [UUID]
                var more = false
                switch (body.ids, body.filter) {
                case (let ids?, nil):
                    guard (1...bulkLimit).contains(ids.count) else {
                        throw ProblemError.validation([FieldError(field: "/ids", message: "must name 1–\(bulkLimit) messages")])
                    }
                    candidates = ids
                case (nil, let filter?):
                    let found = try attentionMatches(filter, context)
                    candidates = found.messages.map(\.id)
                    more = found.more
                default:
                    throw ProblemError.validation([FieldError(field: "", message: "send either ids or filter, not both nor neither")])
                }
                let retried = try Messages.retry(candidates, by: context.caller, at: context.now, on: context.connection)
                try auditBulk("message.bulk_retry", filter: body.filter?.values, requestedIDs: body.ids?.count,
                              moved: retried.count, more: more, context)
                return try .json(RetriedBody(retried: retried.count, ids: retried.map(\.id), more: more))
            },
            gateway.endpoint(.post, "/messages/replay", operationID: "replayMessages",
                             summary: "Replay each exception or dead message a filter matches with its own payload (at most 1000)",
                             tag: "messages", permission: .messagesWrite, requestBody: bulkReplay,
                             response: bulkReplayResult) { context in
                let body = try context.request.decodeJSON(BulkReplayBody.self)
                let found = try attentionMatches(body.filter, context)
                var pairs: [ReplayedBody.Pair] = []
                for message in found.messages {
                    let replay = try Messages.replay(message.id, input: message.input, by: context.caller, at: context.now,
                                                     on: context.connection)
                    pairs.append(ReplayedBody.Pair(originalID: message.id, replayID: replay.id))
                }
                try auditBulk("message.bulk_replay", filter: body.filter.values, requestedIDs: nil, moved: pairs.count,
                              more: found.more, context)
                return try .json(ReplayedBody(replayed: pairs.count, messages: pairs, more: found.more))
            },
        ]
    }

    /// The unresolved exception and dead messages `body` matches, oldest last as the list
    /// orders them, at most ``bulkLimit``; `more` when others remain.
    static func attentionMatches(_ body: FilterBody, _ context: APIContext) throws -> (messages: [Message], more: Bool) {
        var (filter, errors) = parseFilter(body.values) { "/filter/" + $0 }
        if !errors.isEmpty { throw ProblemError.validation(errors) }
        let attention = Set(Message.Status.allCases.filter(\.needsAttention))
        if filter.statuses.isEmpty {
            filter.statuses = attention
        } else {
            filter.statuses.formIntersection(attention)
            if filter.statuses.isEmpty {
                errors.append(FieldError(field: "/filter/status", message: "names no status that waits for a person; "
                                         + "only exception and dead messages are retried or replayed"))
                throw ProblemError.validation(errors)
            }
        }
        var found: [Message] = []
        var after: Message?
        let pageSize = 500
        while found.count <= bulkLimit {
            let page = try Messages.list(filter, after: after, limit: pageSize, for: context.principal, on: context.connection)
            // A resolved or ignored message was decided on by a person: a sweep leaves it alone.
            found += page.filter { $0.resolution == nil }
            guard page.count == pageSize, let last = page.last else { break }
            after = last
        }
        return (Array(found.prefix(bulkLimit)), found.count > bulkLimit)
    }

    static func auditBulk(_ action: String, filter: [String: String]?, requestedIDs: Int?, moved: Int, more: Bool,
                          _ context: APIContext) throws {
        try AuditLog.record(AuditChange(action: action, partnerID: context.principal.partnerID,
                                        customerID: context.principal.customerID,
                                        targetType: "message", targetID: nil,
                                        after: BulkAudit(filter: filter, requestedIDs: requestedIDs, moved: moved, more: more)),
                            by: context.caller, on: context.connection)
    }
}
