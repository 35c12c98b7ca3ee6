public import Foundation

/// A job to enqueue: its kind, payload and how it is scheduled and bounded.
public struct NewJob: Sendable {
    /// The handler's kind: lower-case letters, digits, `.`, `_`, `-`, starting with a letter.
    public var kind: String
    /// The payload as JSON text (an object, array or value).
    public var payloadJSON: String
    /// The partner the job belongs to; nil for the platform's own jobs.
    public var partnerID: UUID?
    /// Whose backlog the job counts in; jobs with different keys are served round-robin.
    public var fairnessKey: String
    /// The limit bucket whose concurrency and rate bound the job, if any.
    public var limitKey: String?
    /// Higher runs sooner within its fairness key (default 0).
    public var priority: Int
    /// Not before this time; nil means now.
    public var runAt: Date?
    /// Attempts before the job is dead (default 10).
    public var maxAttempts: Int
    /// An idempotency key: a second insert with the same key for the same partner is skipped.
    public var uniqueKey: String?

    /// A job whose payload is `payload` encoded as JSON.
    public init(kind: String, payload: some Encodable, partnerID: UUID? = nil, fairnessKey: String = "",
                limitKey: String? = nil, priority: Int = 0, runAt: Date? = nil, maxAttempts: Int = 10,
                uniqueKey: String? = nil, encoder: JSONEncoder = JSONEncoder()) throws {
        let data = try encoder.encode(payload)
        self.init(kind: kind, payloadJSON: String(decoding: data, as: UTF8.self), partnerID: partnerID,
                  fairnessKey: fairnessKey, limitKey: limitKey, priority: priority, runAt: runAt,
                  maxAttempts: maxAttempts, uniqueKey: uniqueKey)
    }

    /// A job whose payload is JSON text already.
    public init(kind: String, payloadJSON: String, partnerID: UUID? = nil, fairnessKey: String = "",
                limitKey: String? = nil, priority: Int = 0, runAt: Date? = nil, maxAttempts: Int = 10,
                uniqueKey: String? = nil) {
        self.kind = kind
        self.payloadJSON = payloadJSON
        self.partnerID = partnerID
        self.fairnessKey = fairnessKey
        self.limitKey = limitKey
        self.priority = priority
        self.runAt = runAt
        self.maxAttempts = maxAttempts
        self.uniqueKey = uniqueKey
    }

    /// The problems that would make the database refuse the job, as one readable list.
    func validate() throws(JobsError) {
        var problems: [String] = []
        if !Self.isValidKind(kind) {
            problems.append("kind \"\(kind)\" must be 1-100 lower-case letters, digits, '.', '_' or '-', starting with a letter")
        }
        if fairnessKey.utf8.count > 200 { problems.append("fairnessKey is longer than 200 bytes") }
        if let limitKey, limitKey.isEmpty || limitKey.utf8.count > 200 { problems.append("limitKey must be 1-200 bytes") }
        if !(Int(Int16.min)...Int(Int16.max)).contains(priority) { problems.append("priority \(priority) is out of range") }
        if !(1...1000).contains(maxAttempts) { problems.append("maxAttempts must be 1-1000, got \(maxAttempts)") }
        if let uniqueKey, uniqueKey.isEmpty || uniqueKey.utf8.count > 300 { problems.append("uniqueKey must be 1-300 bytes") }
        if !problems.isEmpty { throw .invalidJob(problems.joined(separator: "; ")) }
    }

    static func isValidKind(_ kind: String) -> Bool {
        let bytes = Array(kind.utf8)
        guard (1...100).contains(bytes.count), (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[0]) else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}
