public import CoreMetrics
public import Foundation
import Synchronization

/// What the queue records (issue 7 §6), through swift-metrics' API: jobs claimed and finished by
/// kind and outcome, handler failures, and — refreshed by the maintenance leader, not per
/// scrape — how many jobs wait and how old the oldest waiting one is, by kind. Kinds are the
/// handlers' fixed names (`flow.message`), never a partner or a job id.
public final class JobMetrics: Sendable {
    private struct Key: Hashable {
        var name: String
        var kind: String
        var outcome: String
    }

    private let factory: any MetricsFactory
    private let counters = Mutex<[Key: Counter]>([:])
    private let gauges = Mutex<[Key: Gauge]>([:])
    /// The kinds given a backlog gauge so far: a kind whose backlog emptied is set back to zero.
    private let backlogKinds = Mutex<Set<String>>([])

    /// Metrics made by `factory`; the default is whatever `MetricsSystem` was bootstrapped with.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// What became of a run, as the `outcome` label: the state the queue moves the job to.
    static func outcomeLabel(_ outcome: JobOutcome, attempt: Int, maxAttempts: Int) -> String {
        switch outcome {
        case .completed: "completed"
        case .completedWithException: "completed_with_exception"
        case .retry: attempt < maxAttempts ? "retried" : "dead"
        case .rateLimited: "rate_limited"
        case .snooze: "snoozed"
        case .dead: "dead"
        }
    }

    /// `count` jobs of `kind` were claimed.
    func claimed(kind: String, count: Int = 1) {
        counter("jobs_claimed_total", kind: kind).increment(by: count)
    }

    /// A run of a `kind` job ended with `outcome`.
    func finished(kind: String, outcome: JobOutcome, attempt: Int, maxAttempts: Int) {
        counter("jobs_finished_total", kind: kind,
                outcome: Self.outcomeLabel(outcome, attempt: attempt, maxAttempts: maxAttempts)).increment()
    }

    /// A `kind` handler threw (the error decided the outcome, counted by `finished` as well).
    func failed(kind: String) {
        counter("jobs_failed_total", kind: kind).increment()
    }

    /// The waiting jobs by kind: how many are due and the age in seconds of the oldest.
    func recordBacklog(_ backlog: [(kind: String, available: Int, oldestAgeSeconds: Double)]) {
        let seen = Set(backlog.map(\.kind))
        let stale = backlogKinds.withLock { kinds in
            defer { kinds.formUnion(seen) }
            return kinds.subtracting(seen)
        }
        for entry in backlog {
            gauge("jobs_available", kind: entry.kind).record(entry.available)
            gauge("jobs_oldest_available_age_seconds", kind: entry.kind).record(entry.oldestAgeSeconds)
        }
        for kind in stale {
            gauge("jobs_available", kind: kind).record(0)
            gauge("jobs_oldest_available_age_seconds", kind: kind).record(0)
        }
    }

    private func counter(_ name: String, kind: String, outcome: String? = nil) -> Counter {
        let key = Key(name: name, kind: kind, outcome: outcome ?? "")
        return counters.withLock { cache in
            if let counter = cache[key] { return counter }
            var dimensions = [("kind", kind)]
            if let outcome { dimensions.append(("outcome", outcome)) }
            let counter = Counter(label: name, dimensions: dimensions, factory: factory)
            cache[key] = counter
            return counter
        }
    }

    private func gauge(_ name: String, kind: String) -> Gauge {
        let key = Key(name: name, kind: kind, outcome: "")
        return gauges.withLock { cache in
            if let gauge = cache[key] { return gauge }
            let gauge = Gauge(label: name, dimensions: [("kind", kind)], factory: factory)
            cache[key] = gauge
            return gauge
        }
    }
}
