/// Thrown where a value is made from unchecked input (`SKU("…")`, decoding JSON) and the input
/// breaks its rules: every problem, not only the first.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, each with its path.
    public var problems: [ValidationProblem]

    /// An error for `problems` (never empty where thrown).
    public init(_ problems: [ValidationProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "; ") }
}
