public import Foundation

/// A portal session as stored, without its secret: what a "your sessions" page lists and what
/// the audit log records. The cookie's value is never part of it.
public struct Session: Sendable, Codable, Equatable {
    /// The session's id, also in `Principal.Credential.session(id:)`.
    public var id: UUID
    /// The partner it belongs to.
    public var partnerID: UUID
    /// The logged-in user.
    public var userID: UUID
    /// When the user logged in.
    public var createdAt: Date
    /// When it was last used, to within `SessionPolicy.lastSeenWriteInterval`.
    public var lastSeenAt: Date
    /// The absolute end, fixed at log-in.
    public var expiresAt: Date
    /// When it was logged out or revoked; nil while it may be used.
    public var revokedAt: Date?
    /// The client's address at log-in.
    public var remoteAddress: String?
    /// The browser's User-Agent at log-in, to recognise the session in a list.
    public var userAgent: String?
}

/// A session just created: the cookie to hand to the browser (shown once, never stored) and
/// the stored row.
public struct IssuedSession: Sendable {
    /// The cookie; its `value` goes into the `Set-Cookie` header and nowhere else.
    public var cookie: SessionCookie
    /// The stored session.
    public var session: Session
}
