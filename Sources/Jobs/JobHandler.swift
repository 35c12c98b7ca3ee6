/// Runs the jobs of one kind (STYLE.md habit 4: a seam with one job).
///
/// `run` is called on a worker thread and may block (libpq, libcurl). It returns what happened
/// as a `JobOutcome`; a thrown `JobFailure` carries its class, anything else thrown is treated as
/// transient and retried. A handler must be idempotent: a job whose worker died mid-run is run
/// again after its lease expires.
public protocol JobHandler: Sendable {
    /// The kind of job this handler runs.
    var kind: String { get }
    /// Runs one job.
    func run(_ job: Job) throws -> JobOutcome
}

/// A handler from a closure, for small handlers and tests.
public struct JobHandlerFunction: JobHandler {
    /// The kind of job this handler runs.
    public let kind: String
    private let body: @Sendable (Job) throws -> JobOutcome

    /// A handler that runs `body` for jobs of `kind`.
    public init(kind: String, _ body: @escaping @Sendable (Job) throws -> JobOutcome) {
        self.kind = kind
        self.body = body
    }

    /// Calls the closure.
    public func run(_ job: Job) throws -> JobOutcome { try body(job) }
}
