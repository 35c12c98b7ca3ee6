public import Foundation

/// A JSON value (RFC 8259) as a mapping reads and writes it: a connector's record in its wire
/// form (a WooCommerce order, a CSV row's columns as an object), and the canonical fields a
/// mapping produces. Numbers are `Decimal`, parsed from their digits, so `17.50` stays exactly
/// 17.50 — a `Double` would turn money into approximations.
public enum JSON: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, exactly as written.
    case number(Decimal)
    /// A string.
    case string(String)
    /// An array.
    case array([JSON])
    /// An object. Member order is not kept: JSON objects are unordered (RFC 8259 §4).
    case object([String: JSON])

    /// Parses JSON text; `JSONSyntaxError` says where it stopped.
    public init(parsing bytes: some Collection<UInt8>) throws(JSONSyntaxError) {
        let data = Data(bytes)
        do {
            self = try JSONDecoder().decode(JSON.self, from: data)
        } catch {
            throw JSONSyntaxError(data: data, bodyIsEmpty: bytes.isEmpty)
        }
    }

    /// Parses JSON text.
    public init(parsing text: String) throws(JSONSyntaxError) {
        try self.init(parsing: Array(text.utf8))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Bool before number: Foundation's decoder refuses to read 0/1 as Bool, and `true`
        // as a number, so the order only decides speed, never the outcome.
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Decimal.self) {
            self = .number(value)
        } else if let value = try? container.decode([JSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSON].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Compact JSON text with sorted keys: the same value always gives the same text.
    public var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSON value cannot fail: every case is a plain JSON type.
        guard let data = try? encoder.encode(self) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Indented JSON text with sorted keys, for people.
    public var prettyText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        guard let data = try? encoder.encode(self) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    public var description: String { text }

    /// A scalar as the text a value map, lookup table or pattern compares: a string as it is,
    /// a number in its shortest exact form (`17.5`), `true`/`false`; nil for null, arrays and
    /// objects.
    public var scalarText: String? {
        switch self {
        case .string(let value): value
        case .number(let value): value.description
        case .bool(let value): value ? "true" : "false"
        case .null, .array, .object: nil
        }
    }

    /// The member `name` of an object; nil for anything else or a missing member.
    public subscript(name: String) -> JSON? {
        if case .object(let members) = self { return members[name] }
        return nil
    }

    /// What kind of value this is, in the words messages use (`an object`, `a number`).
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// Text that is not JSON, with where the parser stopped when it said so.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, for people: `is not valid JSON: Unexpected character 'x' around line 1, column 7.`
    public let description: String

    init(data: Data, bodyIsEmpty: Bool) {
        if bodyIsEmpty {
            description = "is empty; a JSON object was expected"
            return
        }
        // JSONSerialization says where it stopped; the decoder above only that it failed. Its
        // message never quotes the text, so nothing of a record leaks into a log line.
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            description = "is not valid JSON"
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            description = "is not valid JSON" + (reason.map { ": \($0)" } ?? "")
        }
    }
}
