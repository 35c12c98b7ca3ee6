import Crypto
import Foundation

/// A canonical record as the hub stores it: Commerce's own `Codable` encoding with sorted keys,
/// so the same content always gives the same bytes, and the SHA-256 of those bytes, which is
/// how a repeat of unchanged content is recognised without reading the stored document.
///
/// Dates keep Foundation's default encoding (seconds as a number), which round-trips a `Date`
/// exactly; ISO 8601 text would drop sub-millisecond digits, and a record read back and
/// published again would then hash differently and count as a change.
struct HubDocument: Sendable, Equatable {
    /// The JSON text.
    let text: String
    /// SHA-256 of `text`'s UTF-8 bytes.
    let contentHash: [UInt8]

    /// The canonical encoding of `record`.
    init(_ record: some Encodable) throws {
        let data = try Self.encoder.encode(record)
        text = String(decoding: data, as: UTF8.self)
        contentHash = SHA256.hash(data)
    }

    /// Decodes a stored document (`document::text`).
    static func decode<Record: Decodable>(_ type: Record.Type, from text: String) throws -> Record {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
