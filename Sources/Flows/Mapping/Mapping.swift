/// How one customer's flow reads a system's records into a canonical record (issue 5 §8): a
/// versioned document of field rules, value maps and validation rules, stored as JSON in a
/// stable format (`Mapping+JSON.swift`) and edited in the portal or through the API.
///
/// A mapping is a *document*: it holds what was typed, even when that is wrong, so an editor
/// can show it again with its problems. `problems(for:)` says what is wrong, naming the rule
/// and its index (`fields[3].source`); `compiled()` checks and prepares it for
/// `MappingEvaluator`.
///
/// ```json
/// {"format": 1, "record": "order", "time_zone": "Europe/Berlin",
///  "fields": [{"target": "status", "source": "status", "transforms": [{"kind": "map", "name": "order_status"}]},
///             {"target": "lines[].sku", "source": "line_items[*].sku", "transforms": [{"kind": "trim"}]},
///             {"target": "currency", "default": "EUR"}],
///  "value_maps": [{"name": "order_status", "entries": [{"from": "completed", "to": "completed"}], "fallback": null}],
///  "rules": [{"field": "number", "check": "required"}]}
/// ```
public struct Mapping: Sendable, Hashable {
    /// The version of the document format; 1 is the only one so far.
    public var format: Int
    /// The canonical record the mapping fills.
    public var record: CanonicalRecord
    /// The IANA time zone in which dates without a zone are read (`Europe/Berlin`): a legacy
    /// export's `22.11.2026 09:44` is local time somewhere.
    public var timeZone: String
    /// The field rules, in order; each target at most once.
    public var fields: [FieldRule]
    /// The value maps the field rules name.
    public var valueMaps: [ValueMap]
    /// The checks on the mapped fields.
    public var rules: [ValidationRule]

    /// The current document format.
    public static let currentFormat = 1
    /// Limits that keep a document on one editor page and one database row.
    public static let maximumFieldRules = 300
    /// At most this many value maps.
    public static let maximumValueMaps = 50
    /// At most this many entries in one value map (a country or tax-class table fits easily;
    /// an SKU cross-reference belongs in a lookup table).
    public static let maximumValueMapEntries = 2_000
    /// At most this many validation rules.
    public static let maximumRules = 300

    /// A mapping.
    public init(format: Int = Mapping.currentFormat, record: CanonicalRecord, timeZone: String = "UTC",
                fields: [FieldRule] = [], valueMaps: [ValueMap] = [], rules: [ValidationRule] = []) {
        self.format = format
        self.record = record
        self.timeZone = timeZone
        self.fields = fields
        self.valueMaps = valueMaps
        self.rules = rules
    }

    /// The lookup tables the field rules name, in order of first use.
    public var lookupTableNames: [String] {
        var names: [String] = []
        for rule in fields {
            for case .lookup(let table) in rule.transforms where !names.contains(table) { names.append(table) }
        }
        return names
    }
}

/// `target ← source`, read through transforms, with a default when the source has nothing.
public struct FieldRule: Sendable, Hashable {
    /// The canonical field (`billingAddress.country`, `lines[].sku`).
    public var target: String
    /// The path into the system's record (`SourcePath` syntax), as typed; nil for a field
    /// that always takes its default (a constant).
    public var source: String?
    /// What is done to the value, in order.
    public var transforms: [MappingTransform]
    /// The value when the source is missing, null or empty: text, read as the target's type,
    /// never transformed.
    public var defaultValue: String?

    /// A field rule.
    public init(target: String, source: String?, transforms: [MappingTransform] = [], defaultValue: String? = nil) {
        self.target = target
        self.source = source
        self.transforms = transforms
        self.defaultValue = defaultValue
    }
}

/// A named table of words from one system to another (`wc-completed` → `completed`), for order
/// statuses, tax classes, location codes.
public struct ValueMap: Sendable, Hashable {
    /// One translation.
    public struct Entry: Sendable, Hashable {
        /// The source's word, compared exactly (case and spaces count). May be empty:
        /// WooCommerce's standard tax class is `""`.
        public var from: String
        /// The word it becomes.
        public var to: String

        /// `from` → `to`.
        public init(from: String, to: String) {
            self.from = from
            self.to = to
        }
    }

    /// The name field rules use (`order_status`): lower-case letters, digits, `_` and `-`.
    public var name: String
    /// The translations, in the order they were written.
    public var entries: [Entry]
    /// What a word not in the table becomes; nil makes it a problem — a new status in the
    /// shop should stop at a person, not pass as something else.
    public var fallback: String?

    /// A value map.
    public init(name: String, entries: [Entry], fallback: String? = nil) {
        self.name = name
        self.entries = entries
        self.fallback = fallback
    }
}

/// A check on a mapped field: what the canonical record needs beyond its type.
public struct ValidationRule: Sendable, Hashable {
    /// The checks there are.
    public enum Check: Sendable, Hashable {
        /// The field must have a value.
        case required
        /// The value's text must match this regular expression as a whole (ICU syntax).
        case pattern(String)
        /// The value's text must be one of these.
        case oneOf([String])
        /// The number must be at least `min` and at most `max` (either may be open), as
        /// decimal text.
        case range(min: String?, max: String?)
        /// The text must have at most this many characters.
        case maxLength(Int)

        /// The stored names of the checks.
        public static let kinds = ["required", "pattern", "one_of", "range", "max_length"]

        /// The stored name of the check.
        public var kind: String {
            switch self {
            case .required: "required"
            case .pattern: "pattern"
            case .oneOf: "one_of"
            case .range: "range"
            case .maxLength: "max_length"
            }
        }
    }

    /// The canonical field checked (`number`, `lines[].sku`: every line's).
    public var field: String
    /// The check.
    public var check: Check

    /// A rule.
    public init(field: String, check: Check) {
        self.field = field
        self.check = check
    }
}
