public import Connectors
public import Foundation
public import Jobs
import Postgres
public import Tenancy

/// Runs `flow.files` jobs: takes the files waiting on a flow's file drop source — the legacy
/// CSV import of issue 6 §5 — on the flow's poll schedule. Files are not a change read with a
/// cursor: each is taken whole and then moved away.
///
/// For each file, in this order (the connector's hand-over contract, ``FileDropConnector``):
///
/// 1. The file is read whole with no transaction open. A good file's records become messages
///    (one per record) and their `flow.message` jobs, all in ONE transaction. A file with any
///    bad row becomes one exception message naming the file and every problem (line, column,
///    rule), in its own transaction; none of its records is a message, so nothing from it is
///    applied. A file with a header and no rows is one skipped message: no file passes unseen.
/// 2. Only after that commit is the file moved: to processed/, or to failed/ with
///    `<name>.errors.txt`.
///
/// Nothing lost, nothing twice: a crash or a failed move between the two steps leaves the file
/// in the inbound directory, and the next run reads it again. Its messages' de-duplication keys
/// (file name, content hash, place in the file — ``DroppedFile/messages(for:connectionID:)``)
/// are those already stored, so receiving them again stores nothing and queues nothing, and
/// the move is simply retried. A file that was never stored was never moved, so it is read.
///
/// Which files a flow takes follows its template: `inventory-sync` stock files, `catalog-publish`
/// item master files, `file-drop` both; two flows reading one drop leave each other's files.
public struct FileDropIntake: JobHandler {
    /// `flow.files`.
    public let kind = FlowSchedules.filesKind
    /// The tenant-aware database.
    public let database: TenantDatabase
    /// The connectors.
    public let catalog: ConnectorCatalog
    /// Opens the connections' credentials.
    public let secretBox: SecretBox?
    /// The connectors kept between jobs.
    public let connectors: ConnectorCache
    /// The clock.
    public let now: @Sendable () -> Date
    /// Files taken per job; when that many were waiting, the job runs again at once.
    public var filesPerJob = 10

    /// Creates the intake.
    public init(database: TenantDatabase, catalog: ConnectorCatalog, secretBox: SecretBox?,
                connectors: ConnectorCache = ConnectorCache(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.catalog = catalog
        self.secretBox = secretBox
        self.connectors = connectors
        self.now = now
    }

    /// The kinds of file each template takes.
    public static func fileKinds(of flow: FlowKind) -> Set<DroppedFile.Kind> {
        switch flow {
        case .inventorySync: [.stock]
        case .catalogPublish: [.itemMaster]
        case .fileDrop: [.itemMaster, .stock]
        default: []
        }
    }

    struct Plan {
        var flow: CustomerFlow
        var connectionID: UUID
        var configuration: ConnectionConfiguration
    }

    /// Takes the job's flow's waiting files.
    public func run(_ job: Job) throws -> JobOutcome {
        let payload = try job.payload(as: FlowSchedules.Payload.self)
        let principal = Principal.ingress(partnerID: payload.partnerID)
        guard let plan = try plan(payload, principal: principal) else { return .completed }
        let drop: FileDropConnector
        let files: [DroppedFile]
        do throws(ConnectorError) {
            guard let connector = try connectors.connector(.fileDrop, plan.configuration, from: catalog, now: now())
                as? FileDropConnector else {
                throw ConnectorError.permanent("The flow's source connection is not a file drop.")
            }
            drop = connector
            files = try drop.takeFiles(limit: filesPerJob, kinds: Self.fileKinds(of: plan.flow.flow))
        } catch {
            return try outcome(of: error, plan: plan, principal: principal, job: job)
        }
        var unmoved: [String] = []
        for file in files {
            try store(file, plan: plan)
            do throws(ConnectorError) {
                if file.problems.isEmpty { try drop.markProcessed(file) } else { try drop.markFailed(file) }
            } catch {
                // Stored but not moved: the next run reads the file again and stores nothing new.
                unmoved.append("\(file.name): \(error.message)")
            }
        }
        if !unmoved.isEmpty {
            return .retry(reason: "Stored, but could not move " + unmoved.joined(separator: "; "))
        }
        try database.transaction(.partner(plan.flow.partnerID)) { connection in
            try FlowProblems.clearMissedSchedule("files", flow: plan.flow.id, partnerID: plan.flow.partnerID, at: now(), on: connection)
        }
        return files.count == filesPerJob ? .snooze(.zero) : .completed
    }

    /// The flow and its source, or nil when there is nothing to do: the flow is gone or paused,
    /// or its source is not an active file drop (a paused connection's files wait).
    func plan(_ payload: FlowSchedules.Payload, principal: Principal) throws -> Plan? {
        try database.transaction(.partner(payload.partnerID)) { connection -> Plan? in
            guard let flow = try CustomerFlows.get(id: payload.flowID, for: principal, on: connection), flow.status == .active,
                  let sourceID = flow.sourceConnectionID,
                  let source = try? Connections.get(sourceID, for: principal, on: connection),
                  source.kind == .fileDrop, source.status == .active else {
                return nil
            }
            return Plan(flow: flow, connectionID: source.id,
                        configuration: try Connections.configuration(of: source, box: secretBox, for: principal, on: connection))
        }
    }

    /// Stores one file in one transaction: a good file's records as messages with their jobs; a
    /// rejected file (or one without rows) as its one file message, already ended. Messages
    /// already received (the file read again) are neither stored nor queued again.
    func store(_ file: DroppedFile, plan: Plan) throws {
        let at = now()
        let partnerID = plan.flow.partnerID
        if let (new, outcome) = try file.fileMessage(for: plan.flow, connectionID: plan.connectionID) {
            try database.transaction(.partner(partnerID)) { connection in
                guard case .accepted(let message) = try Messages.receive(new, partnerID: partnerID, at: at, on: connection),
                      let attempt = try Messages.beginAttempt(message.id, partnerID: partnerID, at: at, on: connection) else {
                    return
                }
                try Messages.finishAttempt(message.id, number: attempt, outcome, partnerID: partnerID, at: at, on: connection)
            }
            return
        }
        let messages = try file.messages(for: plan.flow, connectionID: plan.connectionID)
        try database.transaction(.partner(partnerID)) { connection in
            for new in messages {
                guard case .accepted(let message) = try Messages.receive(new, partnerID: partnerID, at: at, on: connection) else {
                    continue
                }
                try MessageJobs.enqueue(message, now: at, on: connection)
            }
        }
    }

    /// What a failed read of the drop means for the job. A permanent failure (a refused key, a
    /// swapped host key, a missing directory) pauses the connection with the reason and raises
    /// it as a problem, so the flow says why it stopped instead of failing every minute.
    func outcome(of error: ConnectorError, plan: Plan, principal: Principal, job: Job) throws -> JobOutcome {
        guard error.errorClass == .permanent else { return .retry(reason: error.message) }
        try database.transaction(.partner(plan.flow.partnerID)) { connection in
            try Connections.pauseAfterRejection(plan.connectionID, error: error, flow: plan.flow.id,
                                                by: Caller(principal: principal, requestID: "job-\(job.id)"), at: now(), on: connection)
        }
        return .completedWithException(reason: error.description)
    }
}
