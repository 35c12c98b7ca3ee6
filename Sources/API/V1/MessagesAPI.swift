import Flows
import Foundation
import HTTP
import Tenancy

/// The operators' work on messages (issue 6 §6, §8): the filtered list, a message's full story,
/// retry, replay with an edited payload, resolve or ignore, and "where is order 123?" — one
/// reference's timeline across every flow. Reading takes `messages:read`, which customer
/// viewers have for their own customer (row-level security narrows every query); acting takes
/// `messages:write`. Every change is audited by the store. Bulk recovery is in
/// `MessagesAPI+Bulk.swift`.
enum MessagesAPI {
    /// The most messages a timeline shows: one order's story is a handful of messages.
    static let timelineLimit = 200

    static let messageParameter = EndpointParameter(path: "id", .uuid, description: "The message.")
    static let customerParameter = EndpointParameter(path: "id", .uuid, description: "The customer.")

    /// The list filters, shared by the lists and the bulk bodies' `filter`.
    static func filterParameters(customerWide: Bool) -> [EndpointParameter] {
        [
            EndpointParameter(query: "status", .string(maxLength: 200),
                              description: "Comma-separated statuses, e.g. `exception,dead`: any of "
                                  + MessageJSON.statuses.joined(separator: ", ") + "."),
            EndpointParameter(query: "flow", .enumeration(FlowKind.allCases.map(\.rawValue))),
            EndpointParameter(query: "system", .string(maxLength: 40), description: "The source system, e.g. `woocommerce`."),
        ] + (customerWide ? [] : [EndpointParameter(query: "customer_id", .uuid)]) + [
            EndpointParameter(query: "received_from", .dateTime, description: "Inclusive (RFC 3339)."),
            EndpointParameter(query: "received_before", .dateTime, description: "Exclusive (RFC 3339)."),
            EndpointParameter(query: "reference", .string(maxLength: 200),
                              description: "Our reference, or the message's id in any system: `reference=123` finds order 123."),
        ]
    }

    static let input = NamedSchema("MessageInput", JSONSchema.anyValue.described("The input exactly as stored, whole."))

    static let replay = NamedSchema("ReplayMessage", .object([
        .init("input", JSONSchema.object([], closed: false)
            .described("The edited payload, e.g. {\"number\": \"1001\", \"line_items\": [{\"sku\": \"MUG-01\", \"quantity\": 2}]}.")),
    ]).described("Replays the message as a new one with this payload; the original is kept and marked resolved."))

    static let resolve = NamedSchema("ResolveMessage", .object([
        .init("resolution", .enumeration(Message.Resolution.allCases.map(\.rawValue))),
        .init("comment", .string(minLength: 1, maxLength: 2000)),
    ]).described("e.g. {\"resolution\": \"resolved\", \"comment\": \"SKU MUG-01 created in the ERP and the order entered by hand\"}"))

    struct ReplayBody: StrictlyDecodable {
        var input: JSON
        enum CodingKeys: String, CodingKey, CaseIterable { case input }
    }

    struct ResolveBody: StrictlyDecodable {
        var resolution: String
        var comment: String
        enum CodingKeys: String, CodingKey, CaseIterable { case resolution, comment }
    }

    struct TimelineBody: Encodable {
        var reference: String
        var data: [MessageJSON.TimelineEntry]
    }

    static func endpoints(_ gateway: TenantGateway) -> [Endpoint] {
        [
            gateway.endpoint(.get, "/messages", operationID: "listMessages",
                             summary: "Messages, newest first, filtered by status, flow, system, time and reference", tag: "messages",
                             permission: .messagesRead, parameters: filterParameters(customerWide: false),
                             response: MessageJSON.schema, isPaginated: true) { context in
                try list(try queryFilter(context.request, customerID: nil), context)
            },
            gateway.endpoint(.get, "/customers/{id}/messages", operationID: "listCustomerMessages",
                             summary: "A customer's messages, newest first, filtered as GET /messages", tag: "messages",
                             permission: .messagesRead, parameters: [customerParameter] + filterParameters(customerWide: true),
                             response: MessageJSON.schema, isPaginated: true) { context in
                let customerID = try context.request.uuidParameter("id")
                _ = try Customers.get(customerID, for: context.principal, on: context.connection)
                return try list(try queryFilter(context.request, customerID: customerID), context)
            },
            gateway.endpoint(.get, "/customers/{id}/timeline", operationID: "getCustomerTimeline",
                             summary: "Where is order 123? Every message of the customer with that reference or id in any system, "
                                 + "across all flows, oldest first", tag: "messages", permission: .messagesRead,
                             parameters: [customerParameter, EndpointParameter(query: "reference", .string(minLength: 1, maxLength: 200),
                                                                               required: true)],
                             response: MessageJSON.timeline) { context in
                let customerID = try context.request.uuidParameter("id")
                guard let reference = context.request.queryParameters["reference"], (1...200).contains(reference.count),
                      isStorable(reference) else {
                    throw ProblemError.invalidParameters([FieldError(field: "reference",
                                                                     message: "is required: 1–200 characters, without NUL")])
                }
                _ = try Customers.get(customerID, for: context.principal, on: context.connection)
                let messages = try Messages.list(MessageFilter(customerID: customerID, reference: reference), limit: timelineLimit,
                                                 for: context.principal, on: context.connection)
                // The list is newest first; a timeline reads from the order's arrival on.
                let stories = try messages.reversed().map {
                    try Messages.story($0.id, for: context.principal, on: context.connection)
                }
                return try .json(TimelineBody(reference: reference, data: stories.map(MessageJSON.TimelineEntry.init)))
            },
            gateway.endpoint(.get, "/messages/{id}", operationID: "getMessage",
                             summary: "A message's full story: attempts with timings and errors, ids per system, payloads",
                             tag: "messages", permission: .messagesRead, parameters: [messageParameter],
                             response: MessageJSON.story) { context in
                try .json(MessageJSON.Story(Messages.story(try context.request.uuidParameter("id"), for: context.principal,
                                                           on: context.connection)))
            },
            gateway.endpoint(.get, "/messages/{id}/input", operationID: "getMessageInput",
                             summary: "The message's whole input, as it was received", tag: "messages",
                             permission: .messagesRead, parameters: [messageParameter], response: input) { context in
                let message = try Messages.get(try context.request.uuidParameter("id"), for: context.principal,
                                               on: context.connection)
                return .json(Array(message.input.json.utf8))
            },
            gateway.endpoint(.post, "/messages/{id}/retry", operationID: "retryMessage",
                             summary: "Put an exception or dead message back in line, due now", tag: "messages",
                             permission: .messagesWrite, parameters: [messageParameter], response: MessageJSON.schema,
                             problems: [.conflict]) { context in
                let id = try context.request.uuidParameter("id")
                let before = try Messages.get(id, for: context.principal, on: context.connection)
                guard let retried = try Messages.retry([id], by: context.caller, at: context.now, on: context.connection).first else {
                    throw notWaiting(before, for: "retried")
                }
                return try .json(MessageJSON(retried))
            },
            gateway.endpoint(.post, "/messages/{id}/replay", operationID: "replayMessage",
                             summary: "Replay a message with an edited payload, as a new message; the original is kept",
                             tag: "messages", permission: .messagesWrite, parameters: [messageParameter], requestBody: replay,
                             successStatus: .created, response: MessageJSON.schema, acceptsIdempotencyKey: true) { context in
                let id = try context.request.uuidParameter("id")
                let body = try context.request.decodeJSON(ReplayBody.self)
                guard case .object = body.input else {
                    throw ProblemError.validation([FieldError(field: "/input", message: "must be a JSON object")])
                }
                let payload: MessagePayload
                do throws(MessagePayloadError) {
                    payload = try MessagePayload(json: Array(body.input.text.utf8))
                } catch {
                    throw ProblemError.validation([FieldError(field: "/input", message: error.description)])
                }
                let replayed = try Messages.replay(id, input: payload, by: context.caller, at: context.now, on: context.connection)
                return try .json(MessageJSON(replayed), status: .created)
            },
            gateway.endpoint(.post, "/messages/{id}/resolve", operationID: "resolveMessage",
                             summary: "Resolve or ignore an exception or dead message, with a comment", tag: "messages",
                             permission: .messagesWrite, parameters: [messageParameter], requestBody: resolve,
                             response: MessageJSON.schema, problems: [.conflict]) { context in
                let id = try context.request.uuidParameter("id")
                let body = try context.request.decodeJSON(ResolveBody.self)
                var validation = Validation()
                validation.oneOf(body.resolution, Message.Resolution.allCases.map(\.rawValue), at: "/resolution")
                validation.length(body.comment.trimmingCharacters(in: .whitespacesAndNewlines), in: 1...2000, at: "/comment")
                try validation.finish()
                let resolution = Message.Resolution(rawValue: body.resolution) ?? .resolved
                return try .json(MessageJSON(Messages.resolve(id, as: resolution, comment: body.comment, by: context.caller,
                                                              at: context.now, on: context.connection)))
            },
        ] + bulkEndpoints(gateway)
    }

    /// A page of `filter`'s messages after the request's cursor.
    static func list(_ filter: MessageFilter, _ context: APIContext) throws -> Response {
        let page = try PageRequest(context.request)
        var after: Message?
        if let cursor = page.cursor {
            // The store pages after a message; the cursor names it (keyset: received_at, id).
            do {
                after = try Messages.get(cursor.id, for: context.principal, on: context.connection)
            } catch TenancyError.notFound {
                throw ProblemError.invalidParameters([FieldError(field: "cursor", message: "names no message you can see")])
            }
        }
        let rows = try Messages.list(filter, after: after, limit: page.fetchLimit, for: context.principal, on: context.connection)
        return try .json(page.page(of: rows.map(MessageJSON.init)) { Cursor(after: $0.receivedAt, id: $0.id) })
    }

    /// Whether PostgreSQL can take `text` as a parameter: `text` values cannot hold U+0000
    /// (PostgreSQL docs, "Character Types"), and a query string can carry `%00`.
    static func isStorable(_ text: String) -> Bool {
        !text.unicodeScalars.contains("\u{0}")
    }

    /// 409 for a message that is not an exception or dead message.
    static func notWaiting(_ message: Message, for action: String) -> ProblemError {
        let problem = "is \(message.status.rawValue); only exceptions and dead messages are \(action)"
        return .conflict("The message \(problem).", errors: [FieldError(field: "/status", message: problem)])
    }

    /// The filter in the query string; a 400 naming each bad parameter.
    static func queryFilter(_ request: Request, customerID: UUID?) throws(ProblemError) -> MessageFilter {
        var query = request.queryParameters
        if customerID != nil, query["customer_id"] != nil {
            throw .invalidParameters([FieldError(field: "customer_id", message: "is the path's customer here; filter by "
                                                 + "customer on GET /messages")])
        }
        query["cursor"] = nil
        query["limit"] = nil
        let (filter, errors) = parseFilter(query) { $0 }
        if !errors.isEmpty { throw .invalidParameters(errors) }
        var narrowed = filter
        if let customerID { narrowed.customerID = customerID }
        return narrowed
    }

    /// The filter named by `values` (query parameters, or a bulk body's `filter` members), and
    /// what is wrong with it, each at `pointer(name)`.
    static func parseFilter(_ values: [String: String], pointer: (String) -> String) -> (MessageFilter, [FieldError]) {
        var errors: [FieldError] = []
        var filter = MessageFilter()
        if let text = values["status"] {
            for name in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if let status = Message.Status(rawValue: name) {
                    filter.statuses.insert(status)
                } else {
                    errors.append(FieldError(field: pointer("status"), message: "'\(name)' is not a status; use a comma-separated "
                                             + "list of: \(MessageJSON.statuses.joined(separator: ", "))"))
                    break
                }
            }
        }
        if let text = values["flow"] {
            if let flow = FlowKind(validating: text) { filter.flow = flow } else {
                errors.append(FieldError(field: pointer("flow"), message: "must be one of: "
                                         + FlowKind.allCases.map(\.rawValue).joined(separator: ", ")))
            }
        }
        if let text = values["system"] {
            if (1...40).contains(text.count), isStorable(text) { filter.sourceSystem = text } else {
                errors.append(FieldError(field: pointer("system"), message: "must be 1–40 characters, without NUL"))
            }
        }
        if let text = values["customer_id"] {
            if let id = UUID(uuidString: text) { filter.customerID = id } else {
                errors.append(FieldError(field: pointer("customer_id"), message: "must be a UUID"))
            }
        }
        for (name, keyPath) in [("received_from", \MessageFilter.receivedFrom), ("received_before", \MessageFilter.receivedBefore)] {
            guard let text = values[name] else { continue }
            if let date = APIJSON.parseTimestamp(text) { filter[keyPath: keyPath] = date } else {
                errors.append(FieldError(field: pointer(name), message: "must be an RFC 3339 date-time such as 2026-11-01T00:00:00Z"))
            }
        }
        if let text = values["reference"] {
            if (1...200).contains(text.count), isStorable(text) { filter.reference = text } else {
                errors.append(FieldError(field: pointer("reference"), message: "must be 1–200 characters, without NUL"))
            }
        }
        return (filter, errors)
    }
}
