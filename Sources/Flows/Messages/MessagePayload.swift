public import Foundation

/// A message's payload: JSON, kept whole in PostgreSQL however large, and shown cut to a size
/// a page can carry (issue 6 §3: "sized; large ones truncated for display, kept whole").
public struct MessagePayload: Sendable, Equatable, Encodable {
    /// The JSON text as stored.
    public let json: String

    /// The most shown on a page before "… (N more bytes)".
    public static let displayLimit = 16_384
    /// The largest payload accepted at all (a batch of 1,000 products is about 2 MB).
    public static let maxBytes = 8 * 1024 * 1024

    /// Wraps JSON bytes after checking that they are JSON.
    /// - Throws: `MessagePayloadError` naming what is wrong.
    public init(json bytes: [UInt8]) throws(MessagePayloadError) {
        guard bytes.count <= Self.maxBytes else { throw .tooLarge(bytes.count) }
        guard (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) != nil else {
            throw .notJSON
        }
        json = String(decoding: bytes, as: UTF8.self)
    }

    /// A payload encoded from a value (sorted keys, RFC 3339 dates).
    public init(encoding value: some Encodable) throws(MessagePayloadError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(value) else { throw .notJSON }
        try self.init(json: Array(data))
    }

    /// A payload read back from the database (already checked when it was stored).
    init(stored json: String) {
        self.json = json
    }

    /// Its size in bytes.
    public var byteCount: Int { json.utf8.count }

    /// The text for a page: whole when small, else the first ``displayLimit`` bytes and a note.
    public var displayText: String {
        guard byteCount > Self.displayLimit else { return json }
        let head = String(decoding: json.utf8.prefix(Self.displayLimit), as: UTF8.self)
        return head + "\n… (\(byteCount - Self.displayLimit) more bytes, kept whole)"
    }

    /// Whether ``displayText`` is cut.
    public var isTruncatedForDisplay: Bool { byteCount > Self.displayLimit }

    /// Encodes as its display text (a string): lists and stories show it, cut when large.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(displayText)
    }
}

/// Why a payload was refused.
public enum MessagePayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Larger than ``MessagePayload/maxBytes``.
    case tooLarge(Int)
    /// Not a JSON document.
    case notJSON

    /// A sentence.
    public var description: String {
        switch self {
        case .tooLarge(let bytes): "the payload is \(bytes) bytes; at most \(MessagePayload.maxBytes) are accepted"
        case .notJSON: "the payload is not JSON"
        }
    }
}
