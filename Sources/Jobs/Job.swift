public import Foundation
import Postgres

/// A claimed job as a handler sees it.
public struct Job: Sendable {
    /// The partner the job belongs to (the platform partner for platform jobs).
    public var partnerID: UUID
    /// The job's id, unique across the table.
    public var id: Int64
    /// What to do: the handler registered for this kind runs it.
    public var kind: String
    /// The payload as JSON text; decode it with `payload(as:)`.
    public var payloadJSON: String
    /// Whose backlog this job counts in (e.g. a customer id).
    public var fairnessKey: String
    /// The limit bucket (e.g. an upstream credential), if any.
    public var limitKey: String?
    /// Higher runs sooner within its fairness key.
    public var priority: Int
    /// The attempt this claim is, from 1.
    public var attempt: Int
    /// Attempts allowed before the job is dead.
    public var maxAttempts: Int
    /// When the job became due.
    public var runAt: Date
    /// The idempotency key it was enqueued with, if any.
    public var uniqueKey: String?
    /// When it was enqueued.
    public var createdAt: Date
    /// The previous attempt's error class and text, if any.
    public var lastError: (errorClass: String, message: String)?

    /// Whether this is the last attempt allowed.
    public var isLastAttempt: Bool { attempt >= maxAttempts }

    /// The claim's proof: finishing the job names this lease.
    public var lease: JobLease { JobLease(partnerID: partnerID, id: id, attempt: attempt) }

    /// Decodes the payload into `type`.
    public func payload<Payload: Decodable>(as type: Payload.Type, decoder: JSONDecoder = JSONDecoder()) throws -> Payload {
        try decoder.decode(type, from: Data(payloadJSON.utf8))
    }

    /// The columns every statement that returns jobs selects, in `init(row:)`'s order.
    static let columns = """
        partner_id, id, kind, payload, fairness_key, limit_key, priority, attempt, max_attempts, run_at,
        unique_key, created_at, last_error_class, last_error
        """

    /// The same columns qualified with the table, for statements that join.
    static let columnsQualified = columns.split(separator: ",").map { "jobs." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        .joined(separator: ", ")

    /// Decodes `columns`, starting at position `offset`.
    init(row: PostgresRow, offset: Int = 0) throws {
        partnerID = try row.decode(UUID.self, at: offset + 0)
        id = try row.decode(Int64.self, at: offset + 1)
        kind = try row.decode(String.self, at: offset + 2)
        payloadJSON = try row.decode(String.self, at: offset + 3)
        fairnessKey = try row.decode(String.self, at: offset + 4)
        limitKey = try row.decode(String?.self, at: offset + 5)
        priority = Int(try row.decode(Int16.self, at: offset + 6))
        attempt = try row.decode(Int.self, at: offset + 7)
        maxAttempts = try row.decode(Int.self, at: offset + 8)
        runAt = try row.decode(Date.self, at: offset + 9)
        uniqueKey = try row.decode(String?.self, at: offset + 10)
        createdAt = try row.decode(Date.self, at: offset + 11)
        if let errorClass = try row.decode(String?.self, at: offset + 12) {
            lastError = (errorClass, try row.decode(String?.self, at: offset + 13) ?? "")
        }
    }
}

/// Which attempt of which job a worker holds. Finishing a job checks the lease, so a worker
/// whose lease expired (and whose job was rescued and claimed again) cannot finish it twice.
public struct JobLease: Sendable, Hashable {
    /// The job's partner.
    public var partnerID: UUID
    /// The job's id.
    public var id: Int64
    /// The attempt claimed.
    public var attempt: Int

    /// A lease from its parts.
    public init(partnerID: UUID, id: Int64, attempt: Int) {
        self.partnerID = partnerID
        self.id = id
        self.attempt = attempt
    }
}

extension Array where Element == JobLease {
    /// The three parallel arrays `unnest($1::uuid[], $2::int8[], $3::int4[])` takes.
    var columns: (partners: SQLArray, ids: SQLArray, attempts: SQLArray) {
        (SQLArray(map { $0.partnerID.uuidString }), SQLArray(map(\.id)), SQLArray(map(\.attempt)))
    }
}
