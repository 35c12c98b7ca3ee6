/// A start-up error that names the environment variable and what it accepts, so an operator
/// can fix the deployment without reading code.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The variable at fault, e.g. `COUNTERPART_LISTEN`.
    public var variable: String
    /// The value found (omitted for secrets).
    public var value: String?
    /// What the variable accepts.
    public var expected: String

    public var description: String {
        if let value {
            return "\(variable)=\"\(value)\" is not valid: expected \(expected)"
        }
        return "\(variable) is not set: expected \(expected)"
    }
}
