/// Where a job is in its life (Migrations/0007_jobs.sql).
///
/// A snoozed job is not a state of its own: it is `available` with a later `runAt` and its
/// attempt not counted, so the claim needs no second path for it.
public enum JobState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Waiting for `runAt`, then claimable.
    case available
    /// Claimed by a worker under a lease.
    case running
    /// Failed and waiting for its back-off to pass; claimable like `available` once due.
    case retrying
    /// Done (possibly with an exception the handler accepted).
    case completed
    /// Withdrawn before it finished.
    case cancelled
    /// Attempts exhausted or a permanent error; an operator may retry it.
    case dead

    /// Whether nothing more will happen to the job without an operator.
    public var isFinal: Bool { self == .completed || self == .cancelled || self == .dead }
}

/// The class of a job's last error, as an operator reads it.
public enum JobErrorClass: String, Sendable, Hashable, Codable {
    /// Timeouts, 5xx, 429: retried with back-off.
    case transient
    /// Rejected credentials, a gone endpoint: retrying cannot help.
    case permanent
    /// Unknown SKU, ownership, validation: needs a person to decide.
    case business
    /// The worker holding the job stopped renewing its lease (it crashed or hung).
    case leaseExpired = "lease_expired"
}
