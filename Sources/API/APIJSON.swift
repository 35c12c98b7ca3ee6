public import Foundation
public import HTTP

/// The JSON conventions of API v1, in one place so requests, responses, problems and cursors
/// agree: snake_case member names, dates as RFC 3339 / ISO 8601 in UTC with `Z`, UUIDs in
/// lower case.
///
/// Responses and problems are written by `StreamingJSONEncoder`, which follows these
/// conventions without Foundation's `JSONEncoder` (half of a list request's CPU went there).
/// Output types may rely on `.convertToSnakeCase`'s rules (`createdAt` → `created_at`). UUIDs
/// come out in lower case, as RFC 9562 §4 recommends, where `JSONEncoder` (and
/// `makeEncoder()`) write `uuidString`'s upper case; readers must compare UUIDs without regard
/// to case anyway (RFC 9562 §4: "case insensitive on input"). Input types
/// spell their JSON names in `CodingKeys` (see `StrictlyDecodable`), because converting
/// snake_case back to camelCase is lossy (`partner_id` → `partnerId`, never `partnerID`).
public enum APIJSON {
    /// A Foundation encoder with the API's conventions except UUID case (upper here): the
    /// reference `StreamingJSONEncoder` is tested against, and the encoder for anyone who
    /// needs `JSONEncoder` itself. Keys are not sorted (JSON objects are unordered, RFC 8259 §4,
    /// and sorting costs time on every response); sorting is for documents that are diffed,
    /// such as the OpenAPI document.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(formatTimestamp(date))
        }
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }

    /// A new decoder with the API's conventions: member names used as written in
    /// `CodingKeys`, dates in RFC 3339 form with `Z` or an offset, fractional seconds allowed.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseTimestamp(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "must be an RFC 3339 date-time such as 2026-01-31T09:30:00Z")
            }
            return date
        }
        return decoder
    }

    /// `date` as `2026-01-31T09:30:00Z`, or with milliseconds (truncated, not rounded) when it
    /// has a fraction; see `RFC3339Timestamp`.
    public static func formatTimestamp(_ date: Date) -> String {
        RFC3339Timestamp.string(for: date)
    }

    /// The date in an RFC 3339 `date-time` (§5.6), or nil.
    public static func parseTimestamp(_ text: String) -> Date? {
        // RFC 3339 requires the `T` and a zone; both styles below insist on them.
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: false).parse(text) { return date }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}

extension Response {
    /// An `application/json` response with `value` encoded by the API's conventions
    /// (`StreamingJSONEncoder`).
    ///
    /// For a `[UInt8]` argument the HTTP module's `json(_:status:)`, which sends bytes that
    /// already are JSON, is chosen instead: that is the overload Swift prefers.
    public static func json(_ value: some Encodable, status: HTTPStatus = .ok) throws -> Response {
        .json(try StreamingJSONEncoder().encode(value), status: status)
    }
}
