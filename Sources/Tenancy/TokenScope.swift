/// How much an API token may do, on top of what its creator's role allows. Scopes are ordered:
/// `admin` includes `write`, which includes `read`.
public enum TokenScope: String, Sendable, Codable, CaseIterable, Comparable {
    /// GET endpoints only.
    case read
    /// Reads plus changes to customers and their configuration.
    case write
    /// Everything the creator's role allows, including users and tokens.
    case admin

    private var rank: Int {
        switch self {
        case .read: 0
        case .write: 1
        case .admin: 2
        }
    }

    public static func < (lhs: TokenScope, rhs: TokenScope) -> Bool { lhs.rank < rhs.rank }

    /// The widest scope a user with `role` may give a token: a role that can change nothing
    /// gets read-only tokens.
    public static func widest(for role: Role) -> TokenScope {
        let permissions = role.permissions
        if permissions.contains(where: { $0.requiredScope == .admin && $0 != .tokensOwn }) { return .admin }
        if permissions.contains(where: { $0.requiredScope == .write }) { return .write }
        return .read
    }
}
