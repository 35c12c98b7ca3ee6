public import Connectors
public import Foundation

/// What pressing "Test connection" found: the system's own answer, shown as it came.
public struct ConnectionTestResult: Sendable, Equatable {
    /// When the test ran.
    public var testedAt: Date
    /// Whether the system answered as expected.
    public var succeeded: Bool
    /// One line: the report's summary or the error's message.
    public var summary: String
    /// The facts the system reported (version, store name, …) when it succeeded.
    public var facts: [ConnectionReport.Fact]
    /// The error, when it failed: its class says whether to fix the settings or wait.
    public var error: ConnectorError?
    /// How long the test took.
    public var elapsed: Duration

    /// Creates a result.
    public init(testedAt: Date, succeeded: Bool, summary: String, facts: [ConnectionReport.Fact] = [],
                error: ConnectorError? = nil, elapsed: Duration) {
        self.testedAt = testedAt
        self.succeeded = succeeded
        self.summary = summary
        self.facts = facts
        self.error = error
        self.elapsed = elapsed
    }

    /// Runs the connector's test, timing it, turning any failure into a result.
    public static func run(kind: ConnectorKind, configuration: ConnectionConfiguration, catalog: ConnectorCatalog,
                           now: Date) -> ConnectionTestResult {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let report = try catalog.connector(kind, configuration).testConnection()
            return ConnectionTestResult(testedAt: now, succeeded: true, summary: report.summary, facts: report.facts,
                                        elapsed: clock.now - start)
        } catch {
            var summary = error.message
            if let upstream = error.upstream { summary += " — the system answered \(upstream)" }
            return ConnectionTestResult(testedAt: now, succeeded: false, summary: summary, error: error,
                                        elapsed: clock.now - start)
        }
    }
}
