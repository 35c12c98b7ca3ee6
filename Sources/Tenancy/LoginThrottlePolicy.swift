public import Foundation

/// How many failed log-ins are tolerated before further attempts are refused without even
/// checking the password (NIST SP 800-63B §5.2.2, "Rate Limiting (Throttling)"; OWASP
/// Authentication Cheat Sheet, "Protect Against Automated Attacks").
///
/// Two counters, because they stop different attacks: per account (one e-mail, guessed from
/// many addresses) and per address (one client trying many e-mails — password spraying).
/// A successful log-in resets the account's counter but not the address's, so an attacker
/// cannot clear their address by logging into an account of their own.
public struct LoginThrottlePolicy: Sendable, Equatable {
    /// Failures of one account within `window` that trigger a lock-out: 5 by default.
    public var accountFailureLimit: Int
    /// Failures from one address within `window` that trigger a lock-out: 20 by default.
    public var addressFailureLimit: Int
    /// How far back failures count: 15 minutes by default.
    public var window: Duration
    /// How long after the latest failure, once a limit is reached, further attempts are
    /// refused: 15 minutes by default, at most `window`. A lock-out that runs out lets one attempt through; if it fails
    /// too, the lock-out starts again.
    public var lockout: Duration

    /// The defaults above, or the values given.
    public init(accountFailureLimit: Int = 5, addressFailureLimit: Int = 20, window: Duration = .seconds(15 * 60),
                lockout: Duration = .seconds(15 * 60)) {
        self.accountFailureLimit = accountFailureLimit
        self.addressFailureLimit = addressFailureLimit
        self.window = window
        self.lockout = lockout
    }

    /// Throws `TenancyError.invalid` naming every setting that is out of range. NIST SP
    /// 800-63B §5.2.2 allows at most 100 consecutive failures per account.
    public func validate() throws(TenancyError) {
        var problems: [FieldProblem] = []
        if !(1...100).contains(accountFailureLimit) {
            problems.append(FieldProblem(field: "account_failure_limit", message: "must be 1–100"))
        }
        if !(1...10_000).contains(addressFailureLimit) {
            problems.append(FieldProblem(field: "address_failure_limit", message: "must be 1–10000"))
        }
        if window <= .zero || window > .seconds(24 * 3600) {
            problems.append(FieldProblem(field: "window", message: "must be longer than zero and at most 24 hours"))
        }
        // Failures older than the window are not counted, so a longer lock-out could not be kept.
        if lockout <= .zero || lockout > window {
            problems.append(FieldProblem(field: "lockout", message: "must be longer than zero and at most the window"))
        }
        if !problems.isEmpty { throw .invalid(problems) }
    }

    /// Whether an attempt may go ahead, given the recent failures. Pure: the counting is SQL
    /// (`LoginThrottle.check`), the decision is this function.
    public func decide(account: RecentFailures, address: RecentFailures, now: Date) -> LoginThrottleDecision {
        let waits = [lockoutEnd(account, limit: accountFailureLimit), lockoutEnd(address, limit: addressFailureLimit)]
            .compactMap { $0 }
            .map { $0.timeIntervalSince(now) }
            .filter { $0 > 0 }
        guard let longest = waits.max() else { return .allowed }
        return .throttled(retryAfter: .seconds(longest))
    }

    private func lockoutEnd(_ failures: RecentFailures, limit: Int) -> Date? {
        guard failures.count >= limit, let latest = failures.latest else { return nil }
        return latest.adding(lockout)
    }
}

/// Failed log-ins counted within the policy's window.
public struct RecentFailures: Sendable, Equatable {
    /// How many.
    public var count: Int
    /// When the newest happened; nil when there are none.
    public var latest: Date?

    /// `count` failures, the newest at `latest`.
    public init(count: Int, latest: Date?) {
        self.count = count
        self.latest = latest
    }

    /// No failures.
    public static let none = RecentFailures(count: 0, latest: nil)
}

/// The throttle's answer for one attempt.
public enum LoginThrottleDecision: Sendable, Equatable {
    /// Check the password.
    case allowed
    /// Refuse without checking the password; the client may try again after `retryAfter`
    /// (an HTTP answer carries it as `Retry-After`, RFC 9110 §10.2.3).
    case throttled(retryAfter: Duration)
}

/// A log-in refused by the throttle before the password was looked at. Deliberately not a
/// `TenancyError.unauthenticated`: the client should be told to wait (HTTP 429), and it learns
/// nothing about the account, because the throttle counts unknown e-mails like known ones.
public struct LoginThrottledError: Error, Sendable, Equatable, CustomStringConvertible {
    /// How long until an attempt may be made.
    public var retryAfter: Duration

    /// A refusal that lifts after `retryAfter`.
    public init(retryAfter: Duration) {
        self.retryAfter = retryAfter
    }

    /// For logs: the wait, nothing about the account.
    public var description: String { "too many failed log-ins; retry after \(retryAfter)" }
}
