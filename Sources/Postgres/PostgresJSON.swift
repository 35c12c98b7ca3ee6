public import Foundation

/// Any `Codable` value stored as `jsonb` (or read from `json`).
///
/// ```swift
/// try connection.execute("INSERT INTO jobs (payload) VALUES (\(PostgresJSON(payload)))")
/// let payload = try row.decode(PostgresJSON<Payload>.self, column: "payload").value
/// ```
///
/// Encoding and decoding use `JSONEncoder`/`JSONDecoder` with default settings; pass your own
/// coders when a payload needs other date or key strategies.
public struct PostgresJSON<Value: Codable>: PostgresEncodable, PostgresDecodable {
    /// The wrapped value.
    public var value: Value
    private let encoder: @Sendable () -> JSONEncoder

    /// Wraps a value, encoding it with `makeEncoder()` when the statement runs.
    public init(_ value: Value, encoder makeEncoder: @escaping @Sendable () -> JSONEncoder = { JSONEncoder() }) {
        self.value = value
        self.encoder = makeEncoder
    }

    /// `jsonb`
    public static var postgresDataType: PostgresDataType { .jsonb }

    /// The JSON text of the value.
    public func postgresText() throws -> String? {
        do {
            let data = try encoder().encode(value)
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw PostgresError(.encoding, "cannot encode \(Value.self) as JSON: \(error)")
        }
    }

    /// From json or jsonb, decoded with a default `JSONDecoder`.
    public init(postgresCell cell: PostgresCell) throws {
        self.init(try cell.decodeJSON(Value.self, decoder: JSONDecoder()))
    }
}

extension PostgresCell {
    /// Decodes a json or jsonb column into any `Decodable` type.
    public func decodeJSON<Value: Decodable>(_ type: Value.Type, decoder: JSONDecoder) throws -> Value {
        try requireType([.json, .jsonb], for: type)
        let text = try requireText(for: type)
        do {
            return try decoder.decode(type, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw failure(decoding: type, "JSON does not match \(Value.self): \(Self.describe(error))")
        } catch {
            throw failure(decoding: type, "unreadable JSON: \(error)")
        }
    }

    /// A `DecodingError` as one line: what went wrong and where in the document.
    private static func describe(_ error: DecodingError) -> String {
        let path: ([any CodingKey]) -> String = { keys in
            keys.isEmpty ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .typeMismatch(let type, let context): return "expected \(type) at \(path(context.codingPath))"
        case .valueNotFound(let type, let context): return "missing \(type) value at \(path(context.codingPath))"
        case .keyNotFound(let key, let context): return "missing key \"\(key.stringValue)\" at \(path(context.codingPath))"
        case .dataCorrupted(let context): return "\(context.debugDescription) at \(path(context.codingPath))"
        @unknown default: return "\(error)"
        }
    }
}
