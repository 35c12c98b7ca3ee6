import Commerce
public import Connectors
public import Foundation

/// A message input that holds one canonical record (a Commerce value) rather than a system's
/// own JSON: what a poll reads arrives already mapped by its connector, while a webhook's body
/// is kept as the system sent it. The envelope names its format, so a step reads either kind
/// without guessing, and a stored message still reads after the format gains fields:
///
///     {"format": "counterpart.stock-level.v1", "record": {…}}
public struct CanonicalPayload<Record: Codable & Sendable>: Codable, Sendable {
    /// `counterpart.<subject>.v1`.
    public var format: String
    /// The record.
    public var record: Record

    /// Wraps a record under its subject (`order`, `stock-level`, `shipment` …).
    public init(subject: String, record: Record) {
        format = Self.format(subject: subject)
        self.record = record
    }

    /// The format name of a subject.
    public static func format(subject: String) -> String { "counterpart.\(subject).v1" }

    /// The record of `payload` when it is this envelope for `subject`; nil when the payload is
    /// a system's own JSON.
    /// - Throws: `.business` naming the message when the envelope is there but does not read.
    public static func record(in payload: MessagePayload, subject: String) throws(ConnectorError) -> Record? {
        let data = Data(payload.json.utf8)
        guard let probe = try? JSONDecoder().decode(CanonicalFormatProbe.self, from: data), probe.format == format(subject: subject) else {
            return nil
        }
        do {
            return try Self.decoder.decode(Self.self, from: data).record
        } catch {
            throw ConnectorError.business("The message's \(subject) does not read as \(format(subject: subject)): \(error)",
                                          subject: subject)
        }
    }

    /// The payload holding this envelope.
    public func payload() throws -> MessagePayload {
        try MessagePayload(json: Array(Self.encoder.encode(self)))
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(MicrosecondTimestamp.text(of: date))
        }
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = MicrosecondTimestamp.date(from: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 time: \(text)")
            }
            return date
        }
        return decoder
    }
}

/// Reads only an envelope's `format`, to tell it from a system's own JSON.
private struct CanonicalFormatProbe: Decodable {
    var format: String?
}

/// RFC 3339 times with microseconds (`2026-11-22T10:00:00.123456Z`): the precision PostgreSQL
/// and Tryton keep, so a stock level's `asOf` survives a message round trip exactly and a repeat
/// is recognised as one (ISO 8601 in Foundation's JSON coders keeps whole seconds only).
enum MicrosecondTimestamp {
    static func text(of date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let seconds = Int64((Double(micros) / 1_000_000).rounded(.down))
        let fraction = micros - seconds * 1_000_000
        let whole = Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(.iso8601.year().month().day()
            .dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon))
        return whole.replacingOccurrences(of: "Z", with: "") + "." + String(fraction + 1_000_000).dropFirst() + "Z"
    }

    static func date(from text: String) -> Date? {
        guard text.hasSuffix("Z") else { return (try? Date(text, strategy: .iso8601)) }
        let body = text.dropLast()
        let parts = body.split(separator: ".", maxSplits: 1)
        guard let whole = try? Date(String(parts[0]) + "Z", strategy: .iso8601) else { return nil }
        guard parts.count == 2 else { return whole }
        let digits = String(parts[1].prefix(6)).padding(toLength: 6, withPad: "0", startingAt: 0)
        guard let micros = Int64(digits) else { return nil }
        let base = Int64(whole.timeIntervalSince1970.rounded())
        return Date(timeIntervalSince1970: (Double(base * 1_000_000 + micros)) / 1_000_000)
    }
}
