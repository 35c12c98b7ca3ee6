import Connectors
public import Foundation
public import Jobs
import Postgres
public import Tenancy

/// Runs the `flow.message` jobs: moves one message through its flow's step and records what
/// happened (issue 6 §3). Each database step is its own short transaction and no transaction is
/// open while a system is called, so a slow ERP holds no database connection.
///
/// Outcomes: delivered or skipped complete the job; a transient error leaves the message
/// retrying and the job retried (an upstream's Retry-After honoured), dead after the job's last
/// attempt; a business error puts the message in the exception queue; a permanent error kills
/// the message and pauses the connection with the reason, so no other message hits it.
public struct MessageProcessor: JobHandler {
    /// `flow.message`.
    public let kind = MessageJobs.kind
    /// The tenant-aware database.
    public let database: TenantDatabase
    /// The connectors.
    public let catalog: ConnectorCatalog
    /// Opens the connections' credentials.
    public let secretBox: SecretBox?
    /// The steps by template; a message of a template without one waits (snoozed).
    public let steps: [FlowKind: any FlowStep]
    /// The connectors kept between jobs (one login per connection, not per message).
    public let connectors: ConnectorCache
    /// The clock.
    public let now: @Sendable () -> Date
    /// Where finished attempts are counted and timed.
    public let metrics: FlowMetrics
    /// The back-off between attempts (the queue's default policy).
    let retryPolicy = RetryPolicy()

    /// Creates the processor with the steps this version ships.
    public init(database: TenantDatabase, catalog: ConnectorCatalog, secretBox: SecretBox?,
                steps: [any FlowStep] = FlowHandlers.steps, connectors: ConnectorCache = ConnectorCache(),
                now: @escaping @Sendable () -> Date = { Date() }, metrics: FlowMetrics = FlowMetrics()) {
        self.connectors = connectors
        self.metrics = metrics
        self.database = database
        self.catalog = catalog
        self.secretBox = secretBox
        self.steps = Dictionary(steps.map { ($0.flow, $0) }) { first, _ in first }
        self.now = now
    }

    /// Processes the job's message.
    public func run(_ job: Job) throws -> JobOutcome {
        let payload = try job.payload(as: MessageJobs.Payload.self)
        let principal = Principal.ingress(partnerID: payload.partnerID)
        // Read what the step needs, and start the attempt, in one short transaction.
        let prepared: Prepared
        // A message has one job per round (MessageJobs' unique key), so this job running again
        // (attempt > 1) while the message is still processing means its earlier run never
        // finished the attempt: the worker died (lease expired) or the database went away
        // before the outcome was written (the run threw and the queue retried it).
        switch try prepare(payload, principal: principal, resumingAbandoned: job.attempt > 1) {
        case .ready(let ready): prepared = ready
        case .finished(let outcome): return outcome
        }
        let result: Result<FlowStepResult, ConnectorError>
        let started = DispatchTime.now().uptimeNanoseconds
        do throws(ConnectorError) {
            var source: (any Connector)?
            var target: (any Connector)?
            if let wanted = prepared.source {
                source = try connectors.connector(wanted.kind, wanted.configuration, from: catalog, now: now())
            }
            if let wanted = prepared.target {
                target = try connectors.connector(wanted.kind, wanted.configuration, from: catalog, now: now())
            }
            result = .success(try prepared.step.process(FlowStepContext(message: prepared.message, flow: prepared.flow,
                                                                         source: source, target: target, database: database)))
        } catch {
            result = .failure(error)
        }
        return try record(result, of: prepared, job: job, principal: principal, started: started)
    }

    struct Prepared {
        var message: Message
        var attempt: Int
        var flow: CustomerFlow
        var step: any FlowStep
        var source: (kind: ConnectorKind, configuration: ConnectionConfiguration)?
        var target: (kind: ConnectorKind, configuration: ConnectionConfiguration, id: UUID)?
    }

    enum Preparation {
        case ready(Prepared)
        case finished(JobOutcome)
    }

    /// - Parameter resumingAbandoned: the job runs again after a run that did not finish, so a
    ///   message still processing is this job's to take over, not another's.
    func prepare(_ payload: MessageJobs.Payload, principal: Principal, resumingAbandoned: Bool = false) throws -> Preparation {
        let at = now()
        return try database.transaction(.partner(payload.partnerID)) { connection -> Preparation in
            let message = try Messages.get(payload.messageID, for: principal, on: connection)
            guard !message.status.isFinal else { return .finished(.completed) }
            guard let flow = try CustomerFlows.get(message.flow, in: message.environmentID, for: principal, on: connection) else {
                return try finishEarly(message, .skipped(reason: "\(message.flow.displayName) is not switched on in "
                                                            + "\(message.environmentKind.rawValue)."), at: at, on: connection)
            }
            guard flow.status == .active, let step = steps[message.flow] else {
                // Paused (or a template this version cannot run yet): the message waits, visibly received.
                return .finished(.snooze(.seconds(60)))
            }
            func configuration(_ id: UUID?) throws -> (Connection, ConnectionConfiguration)? {
                guard let id else { return nil }
                let found = try Connections.get(id, for: principal, on: connection)
                return (found, try Connections.configuration(of: found, box: secretBox, for: principal, on: connection))
            }
            let source = try configuration(flow.sourceConnectionID)
            let target = try configuration(flow.targetConnectionID)
            // A paused connection (rejected credentials, an operator's pause) holds its messages,
            // visibly waiting, until it is resumed; none is tried against it meanwhile.
            if [source?.0, target?.0].contains(where: { $0?.status == .paused }) {
                return .finished(.snooze(.seconds(60)))
            }
            // Another message of this flow about the same record is at its step: wait for it.
            if let key = MessageLocks.key(flow: flow.id, reference: message.reference),
               try !MessageLocks.acquire(key, for: message.id, partnerID: message.partnerID, now: at, on: connection) {
                return .finished(.snooze(.seconds(1)))
            }
            guard let attempt = try Messages.beginAttempt(message.id, partnerID: message.partnerID, at: at,
                                                          resumingAbandoned: resumingAbandoned, on: connection) else {
                return .finished(.completed)
            }
            return .ready(Prepared(message: message, attempt: attempt, flow: flow, step: step,
                                   source: source.map { ($0.0.kind, $0.1) },
                                   target: target.map { ($0.0.kind, $0.1, $0.0.id) }))
        }
    }

    /// Records a message that ends without an attempt at its step (its flow is off).
    func finishEarly(_ message: Message, _ outcome: AttemptOutcome, at: Date, on connection: PostgresConnection) throws -> Preparation {
        guard let attempt = try Messages.beginAttempt(message.id, partnerID: message.partnerID, at: at, on: connection) else {
            return .finished(.completed)
        }
        try Messages.finishAttempt(message.id, number: attempt, outcome, partnerID: message.partnerID, at: at, on: connection)
        return .finished(.completed)
    }

    func record(_ result: Result<FlowStepResult, ConnectorError>, of prepared: Prepared, job: Job,
                principal: Principal, started: UInt64) throws -> JobOutcome {
        let at = now()
        let (attemptOutcome, jobOutcome): (AttemptOutcome, JobOutcome)
        switch result {
        case .success(.delivered(let output, let ids)):
            (attemptOutcome, jobOutcome) = (.delivered(output: output, externalIDs: ids), .completed)
        case .success(.skipped(let reason)):
            (attemptOutcome, jobOutcome) = (.skipped(reason: reason), .completed)
        case .failure(let error) where error.errorClass == .transient && error.upstream?.status == 429 && error.retryAfter != nil:
            // Throttled: the whole credential waits (every flow and worker sharing its limit
            // key), and the wait does not count against the message's attempts.
            let wait = error.retryAfter ?? .zero
            (attemptOutcome, jobOutcome) = (.retrying(MessageError(error), nextAttemptAt: at.addingTimeInterval(wait.seconds)),
                                            .rateLimited(retryAfter: wait))
        case .failure(let error) where error.errorClass == .transient && !job.isLastAttempt:
            // One wait decides both the message's next attempt and the job's: the queue's own
            // back-off, or the upstream's Retry-After.
            let wait = error.retryAfter ?? retryPolicy.delay(afterAttempt: job.attempt, random: Double.random(in: 0..<1))
            (attemptOutcome, jobOutcome) = (.retrying(MessageError(error), nextAttemptAt: at.addingTimeInterval(wait.seconds)),
                                            .retry(reason: error.message, after: wait))
        case .failure(let error) where error.errorClass == .business:
            (attemptOutcome, jobOutcome) = (.exception(MessageError(error)), .completedWithException(reason: error.description))
        case .failure(let error):
            (attemptOutcome, jobOutcome) = (.dead(MessageError(error)), .dead(error.errorClass == .permanent ? .permanent : .transient,
                                                                             reason: error.description))
        }
        try database.transaction(.partner(prepared.message.partnerID)) { connection in
            try Messages.finishAttempt(prepared.message.id, number: prepared.attempt, attemptOutcome,
                                       partnerID: prepared.message.partnerID, at: at, on: connection)
            if let key = MessageLocks.key(flow: prepared.flow.id, reference: prepared.message.reference) {
                try MessageLocks.release(key, for: prepared.message.id, partnerID: prepared.message.partnerID, on: connection)
            }
            // Rejected credentials stop every message on that connection, not just this one.
            if case .failure(let error) = result, error.errorClass == .permanent, let target = prepared.target {
                try Connections.pauseAfterRejection(target.id, error: error, flow: prepared.flow.id,
                                                    by: Caller(principal: principal, requestID: "job-\(job.id)"), at: at, on: connection)
            }
        }
        // After the commit: what is counted is what the message's story says.
        metrics.attemptFinished(flow: prepared.flow.flow, status: attemptOutcome.status,
                                nanoseconds: DispatchTime.now().uptimeNanoseconds - started)
        return jobOutcome
    }
}
