/// What a handler decided about its job; the worker applies it (STYLE.md habit 9).
public enum JobOutcome: Sendable, Equatable {
    /// Done.
    case completed
    /// Done, with a business exception the handler accepted (e.g. an order skipped because its
    /// SKU is unknown and the flow's rule says skip): final, and visible as such.
    case completedWithException(reason: String)
    /// A transient failure: retried after `after` (an upstream's Retry-After) or the back-off,
    /// while attempts remain; dead after the last.
    case retry(reason: String, after: Duration? = nil)
    /// The upstream throttled us (429 with Retry-After): the job runs again after `retryAfter`
    /// without counting the attempt, and nothing with the job's limit key is claimed before then.
    case rateLimited(retryAfter: Duration)
    /// Not now: run again after the delay, attempt not counted.
    case snooze(Duration)
    /// Give up: a permanent error (rejected credentials) or a business error the handler wants
    /// an operator to see. An operator may retry it from the dead.
    case dead(JobErrorClass, reason: String)
}

/// An error a handler can throw with its class; anything else thrown counts as transient.
public struct JobFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class, which decides retry or dead.
    public var errorClass: JobErrorClass
    /// What happened, for the operator.
    public var message: String
    /// An upstream's Retry-After, honoured instead of the back-off.
    public var retryAfter: Duration?

    /// A failure from its parts.
    public init(_ errorClass: JobErrorClass, _ message: String, retryAfter: Duration? = nil) {
        self.errorClass = errorClass
        self.message = message
        self.retryAfter = retryAfter
    }

    public var description: String { "\(errorClass.rawValue): \(message)" }

    /// The outcome this failure stands for: transient retries, the others are dead.
    public var outcome: JobOutcome {
        switch errorClass {
        case .transient, .leaseExpired: .retry(reason: message, after: retryAfter)
        case .permanent, .business: .dead(errorClass, reason: message)
        }
    }

    /// The outcome for anything a handler threw.
    static func outcome(for error: any Error) -> JobOutcome {
        if let failure = error as? JobFailure { return failure.outcome }
        return .retry(reason: String(describing: error))
    }
}
