/// A master key setting that cannot be used, naming the variable and what it accepts. The
/// value itself is never included: it is, or should have been, a key.
public struct KeyringConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The environment variable at fault, e.g. `COUNTERPART_MASTER_KEY`.
    public var variable: String
    /// What it accepts, in words an operator can act on.
    public var expected: String

    /// An error about `variable`, which should hold what `expected` says.
    public init(variable: String, expected: String) {
        self.variable = variable
        self.expected = expected
    }

    /// `<variable> is not valid: expected …`, for the start-up error line.
    public var description: String { "\(variable) is not valid: expected \(expected)" }
}
