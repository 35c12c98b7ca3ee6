/// A start-up error that names the environment variable and what it accepts, so an operator
/// can fix the deployment without reading code.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The variable at fault, e.g. `COUNTERPART_LISTEN`.
    public var variable: String
    /// The value found (omitted for secrets).
    public var value: String?
    /// What the variable accepts.
    public var expected: String
    /// Whether the variable is set (to a value not shown, such as a URL with a password).
    public var isSet: Bool

    public init(variable: String, value: String?, expected: String, isSet: Bool? = nil) {
        self.variable = variable
        self.value = value
        self.expected = expected
        self.isSet = isSet ?? (value != nil)
    }

    public var description: String {
        if let value {
            return "\(variable)=\"\(value)\" is not valid: expected \(expected)"
        }
        if isSet {
            return "\(variable) is not valid: expected \(expected)"
        }
        return "\(variable) is not set: expected \(expected)"
    }
}
