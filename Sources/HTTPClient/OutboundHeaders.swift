/// An ordered list of HTTP header fields, as sent or as received.
///
/// Order and repetition are kept: RFC 9110 §5.3 lets a field appear several times and
/// `Set-Cookie` (RFC 6265 §3) cannot be folded into one line, and some signing schemes cover
/// headers in order. Lookup by name ignores case, because field names are case-insensitive
/// (RFC 9110 §5.1).
public struct OutboundHeaders: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// One header field.
    public struct Field: Sendable, Hashable {
        /// The field name as written (compare with ``OutboundHeaders/values(for:)``, which
        /// ignores case).
        public var name: String
        /// The field value, without surrounding whitespace.
        public var value: String

        /// Creates a field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The fields in order.
    public private(set) var fields: [Field]

    /// Creates a list from fields in order.
    public init(_ fields: [Field] = []) {
        self.fields = fields
    }

    /// Creates a list from `name: value` pairs, keeping the literal's order.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    /// The first value of the field named `name` (any case), or nil.
    public subscript(name: String) -> String? {
        fields.first { Self.name($0.name, matches: name) }?.value
    }

    /// Every value of the field named `name` (any case), in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.name($0.name, matches: name) }.map(\.value)
    }

    /// Whether a field named `name` (any case) is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { Self.name($0.name, matches: name) }
    }

    /// Appends a field, keeping any earlier fields of the same name.
    public mutating func append(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every field named `name` (any case) with one field carrying `value`.
    public mutating func replace(name: String, value: String) {
        remove(name)
        append(name: name, value: value)
    }

    /// Removes every field named `name` (any case).
    public mutating func remove(_ name: String) {
        fields.removeAll { Self.name($0.name, matches: name) }
    }

    /// Continues the last field's value with `text` after one space: how RFC 9112 §5.2 says a
    /// recipient replaces an obs-fold line. Does nothing when there is no field yet.
    mutating func extendLastValue(with text: String) {
        guard !fields.isEmpty else { return }
        fields[fields.count - 1].value += " " + text
    }

    /// The number of fields, counting repeats.
    public var count: Int { fields.count }

    /// Field names are ASCII tokens (RFC 9110 §5.6.2), so an ASCII-only case fold is exact and
    /// avoids Unicode case mapping on every lookup.
    private static func name(_ lhs: String, matches rhs: String) -> Bool {
        lhs.utf8.count == rhs.utf8.count
            && zip(lhs.utf8, rhs.utf8).allSatisfy { asciiLowercase($0) == asciiLowercase($1) }
    }

    private static func asciiLowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}

extension OutboundHeaders: Sequence {
    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }
}
