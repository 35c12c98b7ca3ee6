/// A field that failed validation and why, in words a person can act on.
public struct FieldProblem: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The input's field name as the caller sent it (`email`, `tier_code`).
    public var field: String
    /// What is wrong (`is not a valid e-mail address`).
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// What tenancy operations refuse, for the portal and the API to turn into a page or a problem.
public enum TenancyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Input failed validation; nothing was written.
    case invalid([FieldProblem])
    /// The named resource does not exist in the caller's tenant (or exists in another one,
    /// which callers must not be able to tell apart).
    case notFound(String)
    /// The change conflicts with existing data (a duplicate slug, e-mail or name).
    case conflict(FieldProblem)
    /// The caller's role or token scope does not allow this.
    case forbidden(Permission)
    /// Credentials are missing, wrong, expired or revoked.
    case unauthenticated

    /// A single invalid field.
    public static func invalid(_ field: String, _ message: String) -> TenancyError {
        .invalid([FieldProblem(field: field, message: message)])
    }

    public var description: String {
        switch self {
        case .invalid(let problems): "invalid input: " + problems.map(\.description).joined(separator: "; ")
        case .notFound(let resource): "\(resource) not found"
        case .conflict(let problem): "conflict: \(problem)"
        case .forbidden(let permission): "forbidden: needs \(permission.rawValue)"
        case .unauthenticated: "not authenticated"
        }
    }
}
