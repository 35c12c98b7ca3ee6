import Connectors
public import Foundation
public import Postgres
public import Tenancy

typealias ConnectorErrorClass = ConnectorError.Class

/// The messages of the flows (Migrations/0009). Two kinds of caller:
///
/// - the workers, which receive messages and record their attempts. They act for the
///   platform, not for a person: these functions take the partner explicitly and run on a
///   connection already scoped to it (or to the platform);
/// - people in the portal and the API, who list, read, retry, replay and resolve. These take a
///   principal or caller, need `messages:read` / `messages:write`, and are audited.
///
/// Every statement names the partner; row-level security narrows customer viewers to theirs.
public enum Messages {
    static let columns = """
        m.id, m.partner_id, m.customer_id, m.environment_id, m.environment_kind, m.flow, m.subject, m.status,
        m.source_system, m.source_connection_id, m.reference, m.dedup_key, m.input::text, m.output::text, m.attempts,
        m.error_class, m.error_text, m.next_attempt_at, m.received_at, m.first_attempt_at, m.finished_at, m.resolution,
        m.resolution_comment, m.replay_of
        """
    // The environment's kind comes from its row: a message of an environment that is not the
    // customer's inserts nothing and is reported as not found.
    static let receiveSQL = """
        INSERT INTO messages AS m (partner_id, customer_id, environment_id, environment_kind, flow, subject, source_system,
                                   source_connection_id, reference, dedup_key, input, input_bytes, received_at, replay_of)
        SELECT $1, $2, e.id, e.kind, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13
        FROM environments e WHERE e.partner_id = $1 AND e.customer_id = $2 AND e.id = $3
        ON CONFLICT (partner_id, customer_id, environment_id, flow, dedup_key) WHERE dedup_key IS NOT NULL DO NOTHING
        RETURNING \(columns)
        """
    static let byDedupSQL = """
        SELECT \(columns) FROM messages m
        WHERE m.partner_id = $1 AND m.customer_id = $2 AND m.environment_id = $3 AND m.flow = $4 AND m.dedup_key = $5
        """
    static let insertIDSQL = """
        INSERT INTO message_ids (partner_id, message_id, customer_id, system, external_id) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT DO NOTHING
        """
    static let beginSQL = """
        UPDATE messages m SET status = 'processing', attempts = attempts + 1, next_attempt_at = NULL,
               first_attempt_at = COALESCE(first_attempt_at, $3)
        WHERE partner_id = $1 AND id = $2 AND status IN ('received', 'retrying') RETURNING m.attempts, m.customer_id
        """
    static let resumeSQL = """
        UPDATE messages m SET status = 'processing', attempts = attempts + 1, next_attempt_at = NULL,
               first_attempt_at = COALESCE(first_attempt_at, $3)
        WHERE partner_id = $1 AND id = $2 AND status IN ('received', 'retrying', 'processing') RETURNING m.attempts, m.customer_id
        """
    static let abandonSQL = """
        UPDATE message_attempts SET finished_at = $3, outcome = 'retrying', error_class = 'transient',
               error_text = 'This attempt never finished (its worker stopped, or the database went away before the outcome was written); attempted again.'
        WHERE partner_id = $1 AND message_id = $2 AND finished_at IS NULL
        """
    static let insertAttemptSQL = """
        INSERT INTO message_attempts (partner_id, message_id, number, customer_id, started_at) VALUES ($1, $2, $3, $4, $5)
        """
    static let finishAttemptSQL = """
        UPDATE message_attempts SET finished_at = $4, outcome = $5, error_class = $6, error_text = $7, upstream_status = $8
        WHERE partner_id = $1 AND message_id = $2 AND number = $3 AND finished_at IS NULL
        """
    static let finishSQL = """
        UPDATE messages m SET status = $4, error_class = $5, error_text = $6, next_attempt_at = $7,
               finished_at = CASE WHEN $4 IN ('delivered', 'skipped', 'exception', 'dead') THEN $8::timestamptz END,
               output = COALESCE($9::jsonb, output), output_bytes = COALESCE($10, output_bytes)
        WHERE partner_id = $1 AND id = $2 AND status = 'processing' AND attempts = $3 RETURNING \(columns)
        """
    static let getSQL = "SELECT \(columns) FROM messages m WHERE m.partner_id = $1 AND m.id = $2"
    static let attemptsSQL = """
        SELECT number, started_at, finished_at, outcome, error_class, error_text, upstream_status
        FROM message_attempts WHERE partner_id = $1 AND message_id = $2 ORDER BY number
        """
    static let idsSQL = "SELECT system, external_id FROM message_ids WHERE partner_id = $1 AND message_id = $2 ORDER BY system, external_id"
    // Optional filters as `$n IS NULL OR …`, so one statement serves every combination; the
    // statuses arrive as a comma-separated list ('' for any). Newest first, keyset-paged.
    static let listSQL = """
        SELECT \(columns) FROM messages m
        WHERE m.partner_id = $1
          AND ($2::uuid IS NULL OR m.customer_id = $2)
          AND ($3 = '' OR m.status = ANY (string_to_array($3, ',')))
          AND ($4::text IS NULL OR m.flow = $4)
          AND ($5::text IS NULL OR m.source_system = $5)
          AND ($6::timestamptz IS NULL OR m.received_at >= $6)
          AND ($7::timestamptz IS NULL OR m.received_at < $7)
          AND ($8::text IS NULL OR m.reference = $8 OR EXISTS (
                SELECT 1 FROM message_ids i WHERE i.partner_id = m.partner_id AND i.message_id = m.id AND i.external_id = $8))
          AND ($9::timestamptz IS NULL OR (m.received_at, m.id) < ($9, $10::uuid))
        ORDER BY m.received_at DESC, m.id DESC LIMIT $11
        """
    static let resolveSQL = """
        UPDATE messages m SET resolution = $3, resolution_comment = $4, resolved_at = $5
        WHERE partner_id = $1 AND id = $2 AND status IN ('exception', 'dead') AND resolution IS NULL RETURNING \(columns)
        """
    static let retrySQL = """
        UPDATE messages m SET status = 'retrying', next_attempt_at = $3, resolution = NULL, resolution_comment = NULL,
               resolved_at = NULL, finished_at = NULL
        WHERE partner_id = $1 AND id = $2 AND status IN ('exception', 'dead') RETURNING \(columns)
        """

    // MARK: Workers

    /// Stores a unit of work, or recognises it as one already received (same de-duplication
    /// key in the same customer, environment and flow: a re-sent webhook, a poll that saw it).
    /// Runs in the caller's transaction, so the message and its job commit together.
    public static func receive(_ new: NewMessage, partnerID: UUID, at now: Date, replayOf: UUID? = nil,
                               on connection: PostgresConnection) throws -> MessageIntake {
        let inserted = try connection.query(PostgresQuery(unsafeSQL: receiveSQL, binds: [
            partnerID, new.customerID, new.environmentID, new.flow.rawValue, new.subject, new.sourceSystem,
            new.sourceConnectionID, new.reference, new.dedupKey, new.input.json, new.input.byteCount, now, replayOf,
        ])).first
        if let inserted {
            let message = try decode(inserted)
            for externalID in new.externalIDs {
                _ = try connection.execute(PostgresQuery(unsafeSQL: insertIDSQL, binds: [
                    partnerID, message.id, message.customerID, externalID.system, externalID.id,
                ]))
            }
            return .accepted(message)
        }
        guard let dedupKey = new.dedupKey, let earlier = try connection.query(PostgresQuery(unsafeSQL: byDedupSQL, binds: [
            partnerID, new.customerID, new.environmentID, new.flow.rawValue, dedupKey,
        ])).first else { throw TenancyError.notFound("environment") }
        return .duplicate(of: try decode(earlier))
    }

    /// Starts an attempt: the message must be waiting (received or retrying). Returns the
    /// attempt's number, or nil when the message is not waiting — another worker has it, or
    /// it is already delivered — so the caller does nothing.
    ///
    /// `resumingAbandoned` is for the message's job running again after a run that never
    /// finished its attempt (the worker died, or the database went away before the outcome was
    /// written): the message still says processing, and nobody else will ever finish that
    /// attempt. It is closed as a transient failure saying so, and a new attempt begins.
    public static func beginAttempt(_ id: UUID, partnerID: UUID, at now: Date, resumingAbandoned: Bool = false,
                                    on connection: PostgresConnection) throws -> Int? {
        if resumingAbandoned {
            _ = try connection.execute(PostgresQuery(unsafeSQL: abandonSQL, binds: [partnerID, id, now]))
        }
        guard let row = try connection.query(PostgresQuery(unsafeSQL: resumingAbandoned ? resumeSQL : beginSQL,
                                                           binds: [partnerID, id, now])).first else {
            return nil
        }
        let (number, customerID) = try row.decode((Int, UUID).self)
        _ = try connection.execute(PostgresQuery(unsafeSQL: insertAttemptSQL, binds: [partnerID, id, number, customerID, now]))
        return number
    }

    /// Ends attempt `number` with its outcome and moves the message on. An attempt that is no
    /// longer the message's current one (a rescued lease ran it again) changes nothing and
    /// returns nil.
    @discardableResult
    public static func finishAttempt(_ id: UUID, number: Int, _ outcome: AttemptOutcome, partnerID: UUID, at now: Date,
                                     on connection: PostgresConnection) throws -> Message? {
        let error = outcome.error
        var nextAttemptAt: Date?
        var output: MessagePayload?
        var externalIDs: [MessageExternalID] = []
        switch outcome {
        case .retrying(_, let at): nextAttemptAt = at
        case .delivered(let delivered, let ids): output = delivered; externalIDs = ids
        case .exception, .dead, .skipped: break
        }
        var errorText = error?.text
        if case .skipped(let reason) = outcome { errorText = String(reason.prefix(MessageError.maxTextLength)) }
        guard let row = try connection.query(PostgresQuery(unsafeSQL: finishSQL, binds: [
            partnerID, id, number, outcome.status.rawValue, error?.errorClass.rawValue, errorText, nextAttemptAt, now,
            output?.json, output?.byteCount,
        ])).first else { return nil }
        let message = try decode(row)
        _ = try connection.execute(PostgresQuery(unsafeSQL: finishAttemptSQL, binds: [
            partnerID, id, number, now, outcome.status.rawValue, error?.errorClass.rawValue, errorText, error?.upstreamStatus,
        ]))
        for externalID in externalIDs {
            _ = try connection.execute(PostgresQuery(unsafeSQL: insertIDSQL, binds: [
                partnerID, id, message.customerID, externalID.system, externalID.id,
            ]))
        }
        return message
    }

    // MARK: People

    /// One message with its attempts and ids; `notFound("message")` when not the principal's.
    public static func story(_ id: UUID, for principal: Principal, on connection: PostgresConnection) throws -> MessageStory {
        let message = try get(id, for: principal, on: connection)
        let attempts = try connection.query(PostgresQuery(unsafeSQL: attemptsSQL, binds: [principal.partnerID, id])).map { row in
            let (number, startedAt, finishedAt, outcome, errorClass, errorText, upstreamStatus) =
                try row.decode((Int, Date, Date?, String?, String?, String?, Int?).self)
            return MessageAttempt(number: number, startedAt: startedAt, finishedAt: finishedAt,
                                  outcome: outcome.flatMap(Message.Status.init(rawValue:)),
                                  error: errorClass.flatMap(ConnectorErrorClass.init(rawValue:)).map {
                                      MessageError($0, errorText ?? "", upstreamStatus: upstreamStatus)
                                  })
        }
        let ids = try connection.query(PostgresQuery(unsafeSQL: idsSQL, binds: [principal.partnerID, id])).map { row in
            let (system, externalID) = try row.decode((String, String).self)
            return MessageExternalID(system: system, id: externalID)
        }
        return MessageStory(message: message, attempts: attempts, externalIDs: ids)
    }

    /// One message.
    public static func get(_ id: UUID, for principal: Principal, on connection: PostgresConnection) throws -> Message {
        try principal.require(.messagesRead)
        guard let row = try connection.query(PostgresQuery(unsafeSQL: getSQL, binds: [principal.partnerID, id])).first else {
            throw TenancyError.notFound("message")
        }
        return try decode(row)
    }

    /// A page of messages matching `filter`, newest first, after `cursor` (the last message of
    /// the previous page).
    public static func list(_ filter: MessageFilter, after cursor: Message? = nil, limit: Int, for principal: Principal,
                            on connection: PostgresConnection) throws -> [Message] {
        try principal.require(.messagesRead)
        return try connection.query(PostgresQuery(unsafeSQL: listSQL, binds: [
            principal.partnerID, filter.customerID ?? principal.customerID,
            filter.statuses.map(\.rawValue).sorted().joined(separator: ","), filter.flow?.rawValue, filter.sourceSystem,
            filter.receivedFrom, filter.receivedBefore, filter.reference, cursor?.receivedAt, cursor?.id, max(1, min(limit, 500)),
        ])).map(decode)
    }

    /// Records an operator's decision on a message that needs attention, with their comment.
    public static func resolve(_ id: UUID, as resolution: Message.Resolution, comment: String, by caller: Caller, at now: Date,
                               on connection: PostgresConnection) throws -> Message {
        try caller.principal.require(.messagesWrite)
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...2000).contains(comment.count) else { throw TenancyError.invalid("comment", "must be 1–2000 characters") }
        let before = try get(id, for: caller.principal, on: connection)
        guard let row = try connection.query(PostgresQuery(unsafeSQL: resolveSQL, binds: [
            caller.principal.partnerID, id, resolution.rawValue, comment, now,
        ])).first else {
            throw TenancyError.conflict(FieldProblem(field: "status", message: "is \(before.status.rawValue)"
                + (before.resolution.map { ", already \($0.rawValue)" } ?? "") + "; only exceptions and dead messages are resolved"))
        }
        let after = try decode(row)
        try audit("message.\(resolution.rawValue)", before: before, after: after, by: caller, on: connection)
        return after
    }

    /// Puts messages that need attention back in line, due now, each with a job to move it;
    /// returns those that were (the others were not exceptions or dead, and are left alone).
    /// Bulk: an operator's filtered set.
    public static func retry(_ ids: [UUID], by caller: Caller, at now: Date, on connection: PostgresConnection) throws -> [Message] {
        try caller.principal.require(.messagesWrite)
        var retried: [Message] = []
        for id in Set(ids).sorted(by: { $0.uuidString < $1.uuidString }) {
            guard let before = try? get(id, for: caller.principal, on: connection),
                  let row = try connection.query(PostgresQuery(unsafeSQL: retrySQL, binds: [caller.principal.partnerID, id, now])).first
            else { continue }
            let after = try decode(row)
            try MessageJobs.enqueue(after, now: now, on: connection)
            try audit("message.retry", before: before, after: after, by: caller, on: connection)
            retried.append(after)
        }
        return retried
    }

    /// Replays a message with an edited payload as a new message that points at it; the
    /// original is kept as it was and, when it needed attention, marked resolved by the replay.
    public static func replay(_ id: UUID, input: MessagePayload, by caller: Caller, at now: Date,
                              on connection: PostgresConnection) throws -> Message {
        try caller.principal.require(.messagesWrite)
        let original = try get(id, for: caller.principal, on: connection)
        let new = NewMessage(customerID: original.customerID, environmentID: original.environmentID, flow: original.flow,
                             subject: original.subject, sourceSystem: original.sourceSystem,
                             sourceConnectionID: original.sourceConnectionID, reference: original.reference, input: input)
        let replay = try receive(new, partnerID: original.partnerID, at: now, replayOf: original.id, on: connection).message
        try MessageJobs.enqueue(replay, now: now, on: connection)
        if original.status.needsAttention && original.resolution == nil {
            _ = try connection.query(PostgresQuery(unsafeSQL: resolveSQL, binds: [
                original.partnerID, original.id, Message.Resolution.resolved.rawValue, "Replayed as message \(replay.id.uuidString.lowercased())", now,
            ]))
        }
        try AuditLog.record(AuditChange(action: "message.replay", partnerID: original.partnerID, customerID: original.customerID,
                                        targetType: "message", targetID: original.id.uuidString,
                                        before: AuditView(original), after: AuditView(replay)),
                            by: caller, on: connection)
        return replay
    }

    /// What the audit log keeps of a message: its state and sizes, never the payload (which
    /// may hold a shopper's address).
    struct AuditView: Encodable {
        var id: UUID
        var status: String
        var resolution: String?
        var comment: String?
        var inputBytes: Int
        var replayOf: UUID?
        init(_ message: Message) {
            id = message.id
            status = message.status.rawValue
            resolution = message.resolution?.rawValue
            comment = message.resolutionComment
            inputBytes = message.input.byteCount
            replayOf = message.replayOf
        }
        enum CodingKeys: String, CodingKey {
            case id, status, resolution, comment, inputBytes = "input_bytes", replayOf = "replay_of"
        }
    }

    static func audit(_ action: String, before: Message, after: Message, by caller: Caller, on connection: PostgresConnection) throws {
        try AuditLog.record(AuditChange(action: action, partnerID: after.partnerID, customerID: after.customerID,
                                        targetType: "message", targetID: after.id.uuidString,
                                        before: AuditView(before), after: AuditView(after)),
                            by: caller, on: connection)
    }

    static func decode(_ row: PostgresRow) throws -> Message {
        let (id, partnerID, customerID, environmentID, environmentKind, flow, subject, status, sourceSystem, sourceConnectionID,
             reference, dedupKey, input, output, attempts, errorClass, errorText, nextAttemptAt, receivedAt, firstAttemptAt,
             finishedAt, resolution, resolutionComment, replayOf) = try row.decode((
                UUID, UUID, UUID, UUID, String, String, String, String, String, UUID?, String?, String?, String, String?, Int,
                String?, String?, Date?, Date, Date?, Date?, String?, String?, UUID?).self)
        return Message(
            id: id, partnerID: partnerID, customerID: customerID, environmentID: environmentID,
            environmentKind: Tenancy.Environment.Kind(rawValue: environmentKind) ?? .sandbox, flow: FlowKind(rawValue: flow),
            subject: subject, status: Message.Status(rawValue: status) ?? .received, sourceSystem: sourceSystem,
            sourceConnectionID: sourceConnectionID, reference: reference, dedupKey: dedupKey,
            input: MessagePayload(stored: input), output: output.map(MessagePayload.init(stored:)), attempts: attempts,
            lastError: errorClass.flatMap(ConnectorErrorClass.init(rawValue:)).map { MessageError($0, errorText ?? "") },
            nextAttemptAt: nextAttemptAt, receivedAt: receivedAt, firstAttemptAt: firstAttemptAt, finishedAt: finishedAt,
            resolution: resolution.flatMap(Message.Resolution.init(rawValue:)), resolutionComment: resolutionComment,
            replayOf: replayOf)
    }
}
