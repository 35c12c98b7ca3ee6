/// One value a connection needs — a URL, a database name, a key — declared by the connector so
/// that the portal renders the form, the API validates the input and the store knows which
/// values to encrypt, all from the same list.
public struct ConnectionField: Sendable, Hashable {
    /// What sort of value the field holds; decides the form control and the validation.
    public enum Kind: Sendable, Hashable {
        /// A single line of text.
        case text
        /// An absolute URL with one of the given schemes (e.g. `["http", "https"]`).
        case url(schemes: [String])
        /// A whole number within the range (a port, a batch size).
        case integer(ClosedRange<Int>)
        /// One of a fixed set of values; the first is the default when not required.
        case choice([String])
        /// A secret on one line (password, API secret). Encrypted at rest, never shown again.
        case secret
        /// A multi-line secret (a PEM private key). Encrypted at rest, never shown again.
        case multilineSecret
    }

    /// The key in `ConnectionConfiguration`, e.g. `consumer_key`.
    public var name: String
    /// The label shown in the portal, e.g. "Consumer key".
    public var label: String
    /// What to enter and where to find it in the other system.
    public var help: String
    /// The kind of value.
    public var kind: Kind
    /// Whether a connection cannot work without it.
    public var isRequired: Bool
    /// The value used when none is given.
    public var defaultValue: String?

    /// Creates a field.
    public init(_ name: String, label: String, help: String, kind: Kind = .text, isRequired: Bool = true,
                defaultValue: String? = nil) {
        self.name = name
        self.label = label
        self.help = help
        self.kind = kind
        self.isRequired = isRequired
        self.defaultValue = defaultValue
    }

    /// Whether the value is a secret: stored encrypted and never echoed.
    public var isSecret: Bool {
        switch kind {
        case .secret, .multilineSecret: return true
        case .text, .url, .integer, .choice: return false
        }
    }

    /// The longest value accepted for any field (a 4096-bit PEM key is about 3.3 KB).
    public static let maxValueLength = 16_384
}
