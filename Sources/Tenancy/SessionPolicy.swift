public import Foundation

/// How long portal sessions live (OWASP Session Management Cheat Sheet, "Session Expiration":
/// an idle timeout and an absolute timeout, both enforced on the server).
///
/// A configuration value: build it with the defaults, change what the deployment needs, and
/// call `validate()` at start so a bad value stops the process with a message naming it.
public struct SessionPolicy: Sendable, Equatable {
    /// A session unused for this long is over: 30 minutes by default.
    public var idleTimeout: Duration
    /// A session is over this long after log-in however busy it is: 12 hours by default.
    public var absoluteLifetime: Duration
    /// `last_seen_at` is rewritten at most this often per session (1 minute by default): a
    /// write per request would cost more than the idle timeout's precision is worth. Idle
    /// expiry is therefore exact to within this interval (a session may end up to this much
    /// early, never late).
    public var lastSeenWriteInterval: Duration

    /// The defaults above, or the values given.
    public init(idleTimeout: Duration = .seconds(30 * 60), absoluteLifetime: Duration = .seconds(12 * 3600),
                lastSeenWriteInterval: Duration = .seconds(60)) {
        self.idleTimeout = idleTimeout
        self.absoluteLifetime = absoluteLifetime
        self.lastSeenWriteInterval = lastSeenWriteInterval
    }

    /// Throws `TenancyError.invalid` naming every setting that is out of range.
    public func validate() throws(TenancyError) {
        var problems: [FieldProblem] = []
        if idleTimeout <= .zero {
            problems.append(FieldProblem(field: "idle_timeout", message: "must be longer than zero"))
        }
        if absoluteLifetime < idleTimeout {
            problems.append(FieldProblem(field: "absolute_lifetime", message: "must be at least the idle timeout"))
        }
        if absoluteLifetime > .seconds(30 * 24 * 3600) {
            problems.append(FieldProblem(field: "absolute_lifetime", message: "must be at most 30 days"))
        }
        if lastSeenWriteInterval < .zero || lastSeenWriteInterval >= idleTimeout {
            problems.append(FieldProblem(field: "last_seen_write_interval",
                                         message: "must be zero or more and shorter than the idle timeout"))
        }
        if !problems.isEmpty { throw .invalid(problems) }
    }

    /// Where a stored session stands at `now`. Pure, so expiry is tested without a database.
    ///
    /// The absolute end is the earlier of the stored `expiresAt` (fixed at log-in) and
    /// `createdAt + absoluteLifetime`, so shortening the policy also shortens existing sessions.
    public func standing(createdAt: Date, lastSeenAt: Date, expiresAt: Date, revokedAt: Date?,
                         now: Date) -> SessionStanding {
        if revokedAt != nil { return .revoked }
        if now >= min(expiresAt, createdAt.adding(absoluteLifetime)) { return .absolutelyExpired }
        if now >= lastSeenAt.adding(idleTimeout) { return .idleExpired }
        return .active(touchLastSeen: now >= lastSeenAt.adding(lastSeenWriteInterval))
    }
}

/// Whether a session may be used, and if so whether its `last_seen_at` is due for a write.
public enum SessionStanding: Sendable, Equatable {
    /// Usable; `touchLastSeen` when `last_seen_at` is older than the write interval.
    case active(touchLastSeen: Bool)
    /// Logged out, or ended by a password change or an administrator.
    case revoked
    /// Unused for longer than the idle timeout.
    case idleExpired
    /// Older than the absolute lifetime.
    case absolutelyExpired
}
