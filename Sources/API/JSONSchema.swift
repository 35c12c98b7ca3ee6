/// A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1 §4.8.24) for the shapes the API
/// sends and accepts: typed values, encoded to JSON by `Encodable`, never assembled as text.
///
/// Only what the API uses is modelled. Nullability is a type union (`"type": ["string",
/// "null"]`), as 2020-12 has no `nullable` keyword; a nullable reference becomes
/// `anyOf: [{$ref}, {type: null}]`.
///
/// ```swift
/// let customer = JSONSchema.object([
///     .init("id", .uuid),
///     .init("name", .string(minLength: 1, maxLength: 100)),
///     .init("tier", .enumeration(["bronze", "silver", "gold"])),
///     .init("suspended_at", .dateTime.nullable),
/// ])
/// ```
public struct JSONSchema: Sendable, Hashable {
    /// What kind of value the schema describes.
    public indirect enum Kind: Sendable, Hashable {
        /// A string, optionally with a format, allowed values, length bounds and a pattern.
        case string(format: StringFormat?, allowed: [String]?, minLength: Int?, maxLength: Int?, pattern: String?)
        /// An integer within optional bounds.
        case integer(minimum: Int?, maximum: Int?)
        /// Any JSON number.
        case number
        /// `true` or `false`.
        case boolean
        /// An array of `items`.
        case array(items: JSONSchema, maxItems: Int?)
        /// An object with these properties; `additionalProperties: false` when `closed`.
        case object(properties: [Property], closed: Bool)
        /// A schema under `components.schemas`, by name.
        case reference(String)
        /// Any value at all (`{}`).
        case anyValue
    }

    /// The `format` values the API uses (JSON Schema 2020-12 §7.3).
    public enum StringFormat: String, Sendable, Hashable {
        case uuid
        case dateTime = "date-time"
        case email
        case uri
    }

    /// One property of an object schema.
    public struct Property: Sendable, Hashable {
        /// The JSON member name.
        public var name: String
        /// Its schema.
        public var schema: JSONSchema
        /// Whether the member must be present (nullable members may still be null).
        public var isRequired: Bool

        /// A property; required unless said otherwise.
        public init(_ name: String, _ schema: JSONSchema, required: Bool = true) {
            self.name = name
            self.schema = schema
            self.isRequired = required
        }
    }

    /// The kind of value.
    public var kind: Kind
    /// Whether `null` is allowed too.
    public var isNullable: Bool
    /// A description for the document's readers.
    public var description: String?

    /// A schema of `kind`.
    public init(_ kind: Kind, nullable: Bool = false, description: String? = nil) {
        self.kind = kind
        self.isNullable = nullable
        self.description = description
    }

    // MARK: Building

    /// A string with optional constraints.
    public static func string(format: StringFormat? = nil, minLength: Int? = nil, maxLength: Int? = nil,
                              pattern: String? = nil) -> JSONSchema {
        JSONSchema(.string(format: format, allowed: nil, minLength: minLength, maxLength: maxLength, pattern: pattern))
    }

    /// A string that is one of `values`.
    public static func enumeration(_ values: [String]) -> JSONSchema {
        JSONSchema(.string(format: nil, allowed: values, minLength: nil, maxLength: nil, pattern: nil))
    }

    /// A UUID in its canonical text form.
    public static var uuid: JSONSchema { .string(format: .uuid) }
    /// An RFC 3339 date-time.
    public static var dateTime: JSONSchema { .string(format: .dateTime) }
    /// An e-mail address.
    public static var email: JSONSchema { .string(format: .email, maxLength: 254) }
    /// Any string.
    public static var string: JSONSchema { .string() }

    /// An integer within optional bounds.
    public static func integer(minimum: Int? = nil, maximum: Int? = nil) -> JSONSchema {
        JSONSchema(.integer(minimum: minimum, maximum: maximum))
    }

    /// Any integer.
    public static var integer: JSONSchema { .integer() }
    /// Any number.
    public static var number: JSONSchema { JSONSchema(.number) }
    /// A boolean.
    public static var boolean: JSONSchema { JSONSchema(.boolean) }
    /// Any value.
    public static var anyValue: JSONSchema { JSONSchema(.anyValue) }

    /// An array of `items`.
    public static func array(of items: JSONSchema, maxItems: Int? = nil) -> JSONSchema {
        JSONSchema(.array(items: items, maxItems: maxItems))
    }

    /// An object. Closed (no members beyond `properties`) by default: request bodies must be,
    /// as the server refuses unknown members, and closed response schemas let conformance
    /// tests catch a response that grew a member the document does not describe.
    public static func object(_ properties: [Property], closed: Bool = true) -> JSONSchema {
        JSONSchema(.object(properties: properties, closed: closed))
    }

    /// A reference to `components.schemas.<name>`.
    public static func reference(_ name: String) -> JSONSchema {
        JSONSchema(.reference(name))
    }

    /// This schema with `null` allowed too.
    public var nullable: JSONSchema {
        var copy = self
        copy.isNullable = true
        return copy
    }

    /// This schema with a description.
    public func described(_ text: String) -> JSONSchema {
        var copy = self
        copy.description = text
        return copy
    }

    /// The names of every schema this one references, at any depth.
    public var referencedNames: Set<String> {
        switch kind {
        case .reference(let name): [name]
        case .array(let items, _): items.referencedNames
        case .object(let properties, _): properties.reduce(into: Set<String>()) { $0.formUnion($1.schema.referencedNames) }
        case .string, .integer, .number, .boolean, .anyValue: []
        }
    }
}
