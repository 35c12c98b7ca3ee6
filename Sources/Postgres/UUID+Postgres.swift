public import Foundation

extension UUID: PostgresDecodable {
    /// From uuid, or text holding a UUID. PostgreSQL's text form is always the canonical
    /// 8-4-4-4-12 hex (docs §8.12) and is parsed here straight from the cell's bytes:
    /// `UUID(uuidString:)` goes through `sscanf`, which a profile of a 50-row API page showed
    /// as the server's largest single cost.
    public init(postgresCell cell: PostgresCell) throws {
        try cell.requireType([.uuid, .text, .varchar, .bpchar, .unknown], for: UUID.self)
        guard !cell.isNull else {
            throw PostgresError.decodingFailed(cell, as: UUID.self, "the value is NULL; decode an Optional to accept NULL")
        }
        let parsed = cell.withUnsafeBytes { UUID.parseCanonical($0) }
        if let parsed {
            self = parsed
        } else if let text = cell.text, let value = UUID(uuidString: text) {
            // Text columns may hold the upper-case or otherwise unusual spellings Foundation accepts.
            self = value
        } else {
            throw cell.failure(decoding: UUID.self, "not a UUID")
        }
    }

    /// The UUID in `bytes` when they are exactly the 36-character 8-4-4-4-12 form (either
    /// case); nil otherwise.
    static func parseCanonical(_ bytes: UnsafeRawBufferPointer) -> UUID? {
        guard bytes.count == 36 else { return nil }
        var octets: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &octets) { output -> Bool in
            var index = 0
            for octet in 0..<16 {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    guard bytes[index] == UInt8(ascii: "-") else { return false }
                    index += 1
                }
                guard let high = hexValue(bytes[index]), let low = hexValue(bytes[index + 1]) else { return false }
                output[octet] = high << 4 | low
                index += 2
            }
            return true
        }
        return parsed ? UUID(uuid: octets) : nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
