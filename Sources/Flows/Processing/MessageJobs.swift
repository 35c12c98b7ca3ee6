public import Foundation
public import Jobs
public import Postgres

/// The queue side of messages: a message waiting to be worked has one `flow.message` job, put
/// in the same transaction that made the message wait (intake, an operator's retry, a replay),
/// so a message is never waiting without a job to move it nor moved by two.
public enum MessageJobs {
    /// The job kind that moves one message through its flow (run by ``MessageProcessor``).
    public static let kind = "flow.message"

    /// The payload of a message's job: which message to move.
    public struct Payload: Codable, Sendable, Equatable {
        /// The message.
        public var messageID: UUID
        /// Its partner.
        public var partnerID: UUID

        /// Names a message.
        public init(messageID: UUID, partnerID: UUID) {
            self.messageID = messageID
            self.partnerID = partnerID
        }

        enum CodingKeys: String, CodingKey { case messageID = "message_id", partnerID = "partner_id" }
    }

    /// Enqueues the job that moves `message`, in the caller's transaction.
    ///
    /// - The customer is the fairness key: one customer's backlog cannot starve another's.
    /// - The limit key is the connection the flow writes to (else the one the message came
    ///   from), so every flow and worker process shares one rate limiter per upstream
    ///   credential, and an upstream's Retry-After holds them all back.
    /// - The unique key names the message and how many attempts it has had, so a second enqueue
    ///   for the same round (a repeated operator click) is a no-op, while a retry after the
    ///   message ended gets a job of its own.
    @discardableResult
    public static func enqueue(_ message: Message, runAt: Date? = nil, now: Date,
                               on connection: PostgresConnection) throws -> Int64? {
        let target = try connection.query(PostgresQuery(unsafeSQL: targetSQL, binds: [
            message.partnerID, message.environmentID, message.flow.rawValue,
        ])).first?.decode(UUID?.self)
        let limitConnectionID = target ?? message.sourceConnectionID
        return try JobQueue.insert(try NewJob(kind: kind, payload: Payload(messageID: message.id, partnerID: message.partnerID),
                                       partnerID: message.partnerID, fairnessKey: message.customerID.uuidString,
                                       limitKey: limitConnectionID.map(limitKey(connection:)), runAt: runAt,
                                       uniqueKey: "message:\(message.id.uuidString.lowercased()):after:\(message.attempts)"),
                            now: now, on: connection)
    }

    static let targetSQL = """
        SELECT target_connection_id FROM customer_flows WHERE partner_id = $1 AND environment_id = $2 AND flow = $3
        """

    /// The limit key of one connection's upstream credential.
    public static func limitKey(connection id: UUID) -> String {
        "connection:\(id.uuidString.lowercased())"
    }
}
