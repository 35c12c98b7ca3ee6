public import Commerce

/// A record the hub will not hold because it breaks Commerce's rules (`Validatable`): a
/// business error naming the record and every problem, for the exception queue.
public struct HubInvalidRecord: Error, Sendable, Hashable, CustomStringConvertible {
    /// The data domain.
    public var domain: HubDomain
    /// The record's key.
    public var key: String
    /// What is wrong.
    public var problems: [ValidationProblem]

    /// `item MUG-1 is invalid: name: must not be blank (required)`.
    public var description: String {
        "\(domain.recordName) \(key) is invalid: " + problems.map(\.description).joined(separator: "; ")
    }
}
