public import Foundation

/// An API token as lists, the audit log and the JSON API show it: never the token itself or
/// its hash, only the first characters (`display_prefix`) to recognise it by.
public struct APIToken: Sendable, Codable, Equatable {
    /// The token's row id; `revoke` takes it.
    public var id: UUID
    /// What the creator called it (`ERP nightly import`).
    public var name: String
    /// The first 12 characters of the token (`cpt_` and 8 more), enough to match a token in a
    /// list against one found in a script, never enough to use it.
    public var displayPrefix: String
    /// How much the token may do on top of its creator's role.
    public var scope: TokenScope
    /// The creator; the token acts as them and stops working when they are disabled.
    public var userID: UUID
    /// The creator's customer for customer viewers' tokens.
    public var customerID: UUID?
    /// When it was created.
    public var createdAt: Date
    /// After this instant the token is refused.
    public var expiresAt: Date?
    /// When the token last authenticated, to the minute (writes are throttled to one a minute).
    public var lastUsedAt: Date?
    /// When it was revoked; a revoked token is refused at once.
    public var revokedAt: Date?

    /// A view with every field given.
    public init(id: UUID, name: String, displayPrefix: String, scope: TokenScope, userID: UUID, customerID: UUID?,
                createdAt: Date, expiresAt: Date?, lastUsedAt: Date?, revokedAt: Date?) {
        self.id = id
        self.name = name
        self.displayPrefix = displayPrefix
        self.scope = scope
        self.userID = userID
        self.customerID = customerID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}

/// A token just created: the only moment its plaintext exists outside the client. Show it
/// once and forget it; the database keeps only its SHA-256.
///
/// `description` shows the view only, so logging this value does not leak the token.
public struct IssuedAPIToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// `cpt_…`, to send as `Authorization: Bearer cpt_…` (RFC 6750 §2.1).
    public let plaintext: String
    /// The stored token's view.
    public let token: APIToken

    /// Pairs a fresh token's text with its stored view.
    public init(plaintext: String, token: APIToken) {
        self.plaintext = plaintext
        self.token = token
    }

    /// The view's prefix and id; never the plaintext.
    public var description: String { "IssuedAPIToken(\(token.displayPrefix)…, id: \(token.id), plaintext: <redacted>)" }
    /// As `description`.
    public var debugDescription: String { description }
}
