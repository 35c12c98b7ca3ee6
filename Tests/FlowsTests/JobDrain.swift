import Foundation
import Jobs
import Postgres

/// Runs the queue by hand, as the worker pool would, so a test sees each job's effect without
/// threads or timing: claims the jobs of the handlers' kinds that are due, runs each, applies
/// its outcome, and repeats until nothing is due (or `rounds` runs out, which a test reports).
struct JobDrain {
    let owner: PostgresConnection
    let handlers: [any JobHandler]
    var worker = "test-drain"

    /// Runs jobs until none is due at `now`; returns the outcomes in the order they happened.
    @discardableResult
    func run(now: @autoclosure () -> Date = Date(), rounds: Int = 200) throws -> [JobOutcome] {
        let byKind = Dictionary(handlers.map { ($0.kind, $0) }) { first, _ in first }
        var outcomes: [JobOutcome] = []
        for _ in 0..<rounds {
            let at = now()
            let jobs = try owner.transaction { connection in
                try JobQueue.claim(kinds: Array(byKind.keys), limit: 20, owner: worker, leaseUntil: at.addingTimeInterval(600),
                                   now: at, on: connection)
            }
            if jobs.isEmpty { return outcomes }
            for job in jobs {
                guard let handler = byKind[job.kind] else { continue }
                let outcome = try handler.run(job)
                outcomes.append(outcome)
                let transition = JobTransition.after(outcome, attempt: job.attempt, maxAttempts: job.maxAttempts, now: now(),
                                                     policy: RetryPolicy(), random: 0.5)
                try owner.transaction { connection in
                    try JobQueue.finish(job.lease, owner: worker, transition: transition, now: now(), on: connection)
                }
            }
        }
        return outcomes
    }
}
