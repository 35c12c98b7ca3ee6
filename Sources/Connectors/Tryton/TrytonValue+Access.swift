public import Foundation

// Reading values out of Tryton's answers. Accessors answer nil for a value of another shape
// instead of trapping: a record field that is `false`/`null` when empty (a Many2One without a
// value) is normal in Tryton, and a mapping decides what a missing value means.
extension TrytonValue {
    /// The member of an object, or nil.
    public subscript(_ key: String) -> TrytonValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// An integer (also a JSON number with no fraction, as Float fields send whole values).
    public var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 1e15: return Int(value)
        default: return nil
        }
    }

    /// A string; nil for `null` and for Tryton's `false` for an empty Char field.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// A boolean.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// An exact decimal: a tagged Decimal, an integer, or a float read through its shortest
    /// decimal text (Tryton's Float fields — `quantity` — are binary floats: 2.5 stays 2.5).
    public var decimalValue: Decimal? {
        switch self {
        case .decimal(let value): return value
        case .int(let value): return Decimal(value)
        case .double(let value): return Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX"))
        default: return nil
        }
    }

    /// A list.
    public var arrayValue: [TrytonValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    /// A list of ids (One2Many and Many2Many fields, `search` results).
    public var idList: [Int] { arrayValue?.compactMap(\.intValue) ?? [] }

    /// A datetime.
    public var timestampValue: TrytonTimestamp? {
        if case .dateTime(let value) = self { return value }
        return nil
    }

    /// A date.
    public var dateValue: TrytonDate? {
        if case .date(let value) = self { return value }
        return nil
    }

    /// A Decimal as Tryton wants it in a request.
    public static func amount(_ value: Decimal) -> TrytonValue { .decimal(value) }

    /// A list of ids.
    public static func ids(_ ids: [Int]) -> TrytonValue { .array(ids.map(TrytonValue.int)) }
}

/// One record as `read`/`search_read` return it: field name to value, with `id` always present.
/// A dotted field (`template.name`) comes back as a nested object under `template.`.
public struct TrytonRecord: Sendable, Hashable {
    /// The record's values.
    public var values: [String: TrytonValue]

    /// A record from an answer's object.
    public init(_ values: [String: TrytonValue]) { self.values = values }

    /// The record's id (0 when the answer had none, which Tryton never does).
    public var id: Int { values["id"]?.intValue ?? 0 }

    /// A field's value.
    public subscript(_ field: String) -> TrytonValue? { values[field] }

    /// A field of a related record read with a dotted name (`"template.name"` → `template.` → `name`).
    public subscript(related relation: String, _ field: String) -> TrytonValue? {
        values[relation + "."]?[field]
    }

    /// The id a Many2One field points to, or nil when empty.
    public func reference(_ field: String) -> Int? { values[field]?.intValue }

    /// A Char field's text; nil when empty.
    public func text(_ field: String) -> String? {
        guard let text = values[field]?.stringValue, !text.isEmpty else { return nil }
        return text
    }

    /// `last_modified_at` (= coalesce(write_date, create_date)), every stored model has it.
    public var lastModifiedAt: TrytonTimestamp? { values["last_modified_at"]?.timestampValue }
}
