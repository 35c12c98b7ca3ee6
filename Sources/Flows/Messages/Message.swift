public import Foundation
public import Tenancy

/// One unit of work a flow does — an order, a stock change, a batch of items — and its life
/// (Migrations/0009: `messages`). DESIGN.md "Messages and the worker pool": received →
/// processing → delivered | retrying | exception | dead | skipped, with a timestamp for each
/// step, so latency and success rates are facts, not estimates.
public struct Message: Sendable, Equatable, Encodable {
    /// Where a message is in its life.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Stored, waiting for its first attempt.
        case received
        /// An attempt is running.
        case processing
        /// Done: the target system has it.
        case delivered
        /// The last attempt failed transiently; another is due at `nextAttemptAt`.
        case retrying
        /// A business problem (unknown SKU, not the system of record): waits for a person.
        case exception
        /// Out of attempts, or failed permanently: waits for a person to replay it.
        case dead
        /// Nothing to do (already applied, filtered out by the flow's rules).
        case skipped

        /// Whether the message waits for a person.
        public var needsAttention: Bool { self == .exception || self == .dead }
        /// Whether its life has ended (until an operator retries or replays it).
        public var isFinal: Bool { self == .delivered || self == .skipped || needsAttention }
    }

    /// An operator's decision on a message that needed attention.
    public enum Resolution: String, Sendable, Codable, CaseIterable {
        /// The cause was fixed elsewhere (the SKU created, the order entered by hand).
        case resolved
        /// Deliberately left undone.
        case ignored
    }

    /// The id.
    public var id: UUID
    /// The partner.
    public var partnerID: UUID
    /// The customer.
    public var customerID: UUID
    /// The environment it runs in.
    public var environmentID: UUID
    /// Sandbox or production.
    public var environmentKind: Tenancy.Environment.Kind
    /// The flow.
    public var flow: FlowKind
    /// What it carries, e.g. `order`.
    public var subject: String
    /// Where it is in its life.
    public var status: Status
    /// The system it came from (a `SystemKind` raw value, or `schedule`).
    public var sourceSystem: String
    /// The connection it came through, when there is one.
    public var sourceConnectionID: UUID?
    /// Our key for it (an order number, a SKU, a file name).
    public var reference: String?
    /// The key that recognises the same change arriving twice.
    public var dedupKey: String?
    /// The payload as received: JSON, kept whole.
    public var input: MessagePayload
    /// What was sent on, or what the target answered, when delivered.
    public var output: MessagePayload?
    /// Attempts so far.
    public var attempts: Int
    /// The last error, when there was one.
    public var lastError: MessageError?
    /// When the next attempt is due, while retrying.
    public var nextAttemptAt: Date?
    /// When it was received.
    public var receivedAt: Date
    /// When its first attempt started.
    public var firstAttemptAt: Date?
    /// When it was delivered, skipped, or gave up.
    public var finishedAt: Date?
    /// An operator's decision, when one was made.
    public var resolution: Resolution?
    /// The operator's comment on it.
    public var resolutionComment: String?
    /// The message this one replays with an edited payload.
    public var replayOf: UUID?

    enum CodingKeys: String, CodingKey {
        case id, partnerID = "partner_id", customerID = "customer_id", environmentID = "environment_id"
        case environmentKind = "environment", flow, subject, status, sourceSystem = "source_system"
        case sourceConnectionID = "source_connection_id", reference, dedupKey = "dedup_key", input, output, attempts
        case lastError = "last_error", nextAttemptAt = "next_attempt_at", receivedAt = "received_at"
        case firstAttemptAt = "first_attempt_at", finishedAt = "finished_at", resolution
        case resolutionComment = "resolution_comment", replayOf = "replay_of"
    }

    /// From receipt to delivery, when delivered.
    public var latency: TimeInterval? {
        guard status == .delivered, let finishedAt else { return nil }
        return finishedAt.timeIntervalSince(receivedAt)
    }
}

/// One attempt at a message, with its timings and what went wrong.
public struct MessageAttempt: Sendable, Equatable, Encodable {
    /// 1 for the first.
    public var number: Int
    /// When it started.
    public var startedAt: Date
    /// When it ended; nil while it runs.
    public var finishedAt: Date?
    /// How it ended.
    public var outcome: Message.Status?
    /// What went wrong, when something did.
    public var error: MessageError?

    enum CodingKeys: String, CodingKey {
        case number, startedAt = "started_at", finishedAt = "finished_at", outcome, error
    }
}

/// A message with everything that happened to it: the operators' "full story".
public struct MessageStory: Sendable, Equatable, Encodable {
    /// The message.
    public var message: Message
    /// Its attempts, first first.
    public var attempts: [MessageAttempt]
    /// Its ids in each system.
    public var externalIDs: [MessageExternalID]

    enum CodingKeys: String, CodingKey { case message, attempts, externalIDs = "external_ids" }
}

/// One id a message has in one system.
public struct MessageExternalID: Sendable, Hashable, Encodable {
    /// The system (a `SystemKind` raw value).
    public var system: String
    /// Its id there.
    public var id: String

    /// Creates an id.
    public init(system: String, id: String) {
        self.system = system
        self.id = id
    }
}
