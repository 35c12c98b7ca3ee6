import Foundation
import Postgres

extension WorkerPool {
    /// What the dispatcher does next, decided under the lock.
    private struct Round {
        var finished: [(lease: JobLease, maxAttempts: Int, outcome: JobOutcome)]
        var heldLeases: [JobLease]
        var claimLimit: Int
        var heartbeatDue: Bool
        var stopping: Bool
    }

    /// The dispatcher thread: writes outcomes, renews leases and claims work for idle workers;
    /// while stopping, only the first two, until every claimed job is written.
    func runDispatcher() {
        let heartbeatEvery = configuration.leaseDuration.seconds / 3
        var nextHeartbeat = Date().addingTimeInterval(heartbeatEvery)
        var nextPoll = Date()
        var failures = 0
        while true {
            let round: Round = condition.withLock {
                while true {
                    let stopping = state.phase != .running
                    // Up to one claimed job waits per worker, so a worker that finishes finds its next
                    // job at once while the dispatcher's round trip is under way.
                    let idle = 2 * configuration.workers - state.ready.count - state.running.count
                    let wantsClaim = !stopping && idle > 0 && !handlers.isEmpty && (state.wakeRequested || Date() >= nextPoll)
                    let heartbeatDue = Date() >= nextHeartbeat && !(state.running.isEmpty && state.ready.isEmpty)
                    let drained = stopping && state.ready.isEmpty && state.running.isEmpty
                    if !state.finished.isEmpty || wantsClaim || heartbeatDue || drained {
                        if wantsClaim { state.wakeRequested = false }
                        let round = Round(finished: state.finished, heldLeases: Array(state.running) + state.ready.map(\.lease),
                                          claimLimit: wantsClaim ? idle : 0, heartbeatDue: heartbeatDue, stopping: drained)
                        state.finished = []
                        return round
                    }
                    // Sleep until the next thing that can be due: a poll only when a claim could
                    // be made, a heartbeat only while jobs are held; else until signalled.
                    let canClaim = !stopping && idle > 0 && !handlers.isEmpty
                    let holdsJobs = !(state.running.isEmpty && state.ready.isEmpty)
                    // (Foundation's wait(until: .distantFuture) overflows its timespec: wait() instead.)
                    switch (canClaim, holdsJobs) {
                    case (true, true): _ = condition.wait(until: min(nextPoll, nextHeartbeat))
                    case (true, false): _ = condition.wait(until: nextPoll)
                    case (false, true): _ = condition.wait(until: nextHeartbeat)
                    case (false, false): condition.wait()
                    }
                }
            }
            do {
                // One transaction, so one commit (the durable cost that bounds a queue), for the
                // outcomes, the heartbeat and the next claim together.
                let at = now()
                let claimed: [Job] = try inPlatformScope { connection in
                    try write(round.finished, at: at, on: connection)
                    if round.heartbeatDue { try renew(round.heldLeases, at: at, on: connection) }
                    if failures > 0 {
                        // The failed round may have committed a claim whose answer never came.
                        let returned = try JobQueue.returnLostClaims(owner: nodeID, holding: round.heldLeases, now: at, on: connection)
                        if returned > 0 { logger.warning("jobs: \(returned) jobs claimed by a round whose answer was lost are queued again") }
                    }
                    guard round.claimLimit > 0 else { return [] }
                    return try JobQueue.claim(kinds: kinds, limit: round.claimLimit, owner: nodeID,
                                              leaseUntil: at.addingTimeInterval(configuration.leaseDuration.seconds), now: at,
                                              on: connection)
                }
                if round.heartbeatDue { nextHeartbeat = Date().addingTimeInterval(heartbeatEvery) }
                if round.claimLimit > 0 {
                    for job in claimed { metrics.claimed(kind: job.kind) }
                    condition.withLock {
                        state.ready += claimed
                        // A full claim suggests more is waiting: claim again as workers free up.
                        if claimed.count == round.claimLimit { state.wakeRequested = true }
                        condition.broadcast()
                    }
                    nextPoll = Date().addingTimeInterval(configuration.pollInterval.seconds)
                }
                failures = 0
                if round.stopping { return }
            } catch {
                failures += 1
                if round.stopping {
                    // Stopping with the database out of reach: waiting for it could hold a
                    // SIGTERM forever. The unwritten outcomes' jobs keep their leases, which
                    // expire, and the rescuer returns them — at least once, never lost.
                    logger.warning("jobs: stopping without writing \(round.finished.count) outcomes; their jobs are rescued when their leases expire",
                                   metadata: ["error": "\(error)"])
                    return
                }
                logger.warning("jobs: dispatcher round failed; retrying", metadata: ["error": "\(error)", "jobs.failures": "\(failures)"])
                // Keep the outcomes: they are written when the database answers again.
                condition.withLock { state.finished = round.finished + state.finished }
                let pause = min(configuration.pollInterval.seconds * Double(failures), 30)
                condition.withLock { _ = condition.wait(until: Date().addingTimeInterval(pause)) }
            }
        }
    }

    /// Writes outcomes: every plain completion in one statement, the rest one by one.
    private func write(_ finished: [(lease: JobLease, maxAttempts: Int, outcome: JobOutcome)], at: Date,
                       on connection: PostgresConnection) throws {
        guard !finished.isEmpty else { return }
        let completed = finished.filter { $0.outcome == .completed }.map(\.lease)
        let written = try JobQueue.complete(completed, owner: nodeID, now: at, on: connection)
        if written < completed.count {
            logger.warning("jobs: \(completed.count - written) completions found their lease gone (rescued or cancelled)")
        }
        for (lease, maxAttempts, outcome) in finished where outcome != .completed {
            let transition = JobTransition.after(outcome, attempt: lease.attempt, maxAttempts: maxAttempts, now: at,
                                                 policy: configuration.retryPolicy, random: random())
            if try !JobQueue.finish(lease, owner: nodeID, transition: transition, now: at, on: connection) {
                logger.warning("jobs: an outcome found its lease gone (rescued or cancelled)", metadata: ["jobs.id": "\(lease.id)"])
            }
        }
    }

    private func renew(_ leases: [JobLease], at: Date, on connection: PostgresConnection) throws {
        guard !leases.isEmpty else { return }
        let until = at.addingTimeInterval(configuration.leaseDuration.seconds)
        let held = try JobQueue.heartbeat(leases, owner: nodeID, leaseUntil: until, on: connection)
        if held.count < leases.count {
            logger.warning("jobs: \(leases.count - held.count) leases were lost before their jobs finished")
        }
    }

    private func inPlatformScope<Result>(_ body: (PostgresConnection) throws -> Result) throws -> Result {
        try database.transaction { connection in
            try enterScope(connection)
            return try body(connection)
        }
    }
}
