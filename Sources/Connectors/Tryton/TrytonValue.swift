public import Foundation

/// A value as Tryton's JSON-RPC carries it: plain JSON plus the objects Tryton tags with
/// `__class__` for what JSON lacks (trytond `protocols/jsonrpc.py`, `JSONEncoder`/`JSONDecoder`):
///
///     {"__class__": "Decimal", "decimal": "25.00"}
///     {"__class__": "date", "year": 2026, "month": 11, "day": 22}
///     {"__class__": "datetime", "year": …, "hour": 8, "minute": 36, "second": 49, "microsecond": 993386}
///     {"__class__": "bytes", "base64": "…"}
///
/// Money always travels as a tagged Decimal (never a JSON number: `12.1` as a float is refused
/// for a Numeric field), datetimes are naive UTC. Tags this connector has no use for (`time`,
/// `timedelta`) stay objects.
public enum TrytonValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// A whole JSON number (ids, counts).
    case int(Int)
    /// A JSON number with a fraction (Float fields such as `quantity`).
    case double(Double)
    /// A string.
    case string(String)
    /// A list (ids, domains, One2Many actions, positional parameters).
    case array([TrytonValue])
    /// An object (record values, the context).
    case object([String: TrytonValue])
    /// `{"__class__": "Decimal"}`: an exact amount.
    case decimal(Decimal)
    /// `{"__class__": "date"}`.
    case date(TrytonDate)
    /// `{"__class__": "datetime"}`, naive UTC.
    case dateTime(TrytonTimestamp)
    /// `{"__class__": "bytes"}`.
    case bytes([UInt8])
}

extension TrytonValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    /// A string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// A boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A list.
    public init(arrayLiteral elements: TrytonValue...) { self = .array(elements) }
    /// An object.
    public init(dictionaryLiteral elements: (String, TrytonValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    /// `null`.
    public init(nilLiteral: ()) { self = .null }
}

extension TrytonValue: Codable {
    private struct MemberName: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Reads plain JSON and turns tagged objects into their values.
    public init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { self = .null; return }
        if let value = try? single.decode(Bool.self) { self = .bool(value); return }
        if let value = try? single.decode(Int.self) { self = .int(value); return }
        if let value = try? single.decode(Double.self) { self = .double(value); return }
        if let value = try? single.decode(String.self) { self = .string(value); return }
        if let value = try? single.decode([TrytonValue].self) { self = .array(value); return }
        let object = try single.decode([String: TrytonValue].self)
        self = Self.untagging(object)
    }

    /// Writes plain JSON, with Decimal, date, datetime and bytes as Tryton's tagged objects.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .int(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .double(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .string(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .array(let values):
            var list = encoder.unkeyedContainer()
            for value in values { try list.encode(value) }
        case .object(let members):
            var object = encoder.container(keyedBy: MemberName.self)
            for (name, value) in members { try object.encode(value, forKey: MemberName(name)) }
        case .decimal, .date, .dateTime, .bytes:
            try TrytonValue.object(tagged).encode(to: encoder)
        }
    }

    /// The tagged object for a Decimal, date, datetime or bytes value.
    private var tagged: [String: TrytonValue] {
        switch self {
        case .decimal(let value):
            // NSDecimalNumber's text is plain decimal notation ("12.5", "-0.0001"), which is what
            // Python's Decimal() parses exactly.
            return ["__class__": "Decimal", "decimal": .string(NSDecimalNumber(decimal: value).stringValue)]
        case .date(let date):
            return ["__class__": "date", "year": .int(date.year), "month": .int(date.month), "day": .int(date.day)]
        case .dateTime(let timestamp):
            let parts = timestamp.components
            return ["__class__": "datetime", "year": .int(parts.year), "month": .int(parts.month), "day": .int(parts.day),
                    "hour": .int(parts.hour), "minute": .int(parts.minute), "second": .int(parts.second),
                    "microsecond": .int(parts.microsecond)]
        case .bytes(let bytes):
            return ["__class__": "bytes", "base64": .string(Data(bytes).base64EncodedString())]
        default:
            return [:]
        }
    }

    /// The value a tagged object stands for; an untagged object, or a tag with missing parts,
    /// stays an object.
    private static func untagging(_ object: [String: TrytonValue]) -> TrytonValue {
        guard case .string(let tag)? = object["__class__"] else { return .object(object) }
        func int(_ key: String) -> Int? { object[key]?.intValue }
        switch tag {
        case "Decimal":
            if let text = object["decimal"]?.stringValue, let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) {
                return .decimal(value)
            }
        case "date":
            if let year = int("year"), let month = int("month"), let day = int("day") {
                return .date(TrytonDate(year: year, month: month, day: day))
            }
        case "datetime":
            if let year = int("year"), let month = int("month"), let day = int("day"), let hour = int("hour"),
               let minute = int("minute"), let second = int("second"),
               let timestamp = TrytonTimestamp(year: year, month: month, day: day, hour: hour, minute: minute,
                                               second: second, microsecond: int("microsecond") ?? 0) {
                return .dateTime(timestamp)
            }
        case "bytes":
            if let text = object["base64"]?.stringValue, let data = Data(base64Encoded: text) {
                return .bytes(Array(data))
            }
        default:
            break
        }
        return .object(object)
    }
}
