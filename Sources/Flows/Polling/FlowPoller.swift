import Connectors
public import Foundation
public import Jobs
import Postgres
public import Tenancy

/// Runs `flow.poll` jobs: reads each feed of a flow one page from its cursor and receives what
/// it found as messages (issue 6 §5, §8). No transaction is open while a system is read; the
/// page's messages, their jobs and the cursor past them commit together, and only if the cursor
/// is still where the read started — a second poller that raced this one (another worker
/// process) finds the position moved and drops its page, so nothing is taken twice or skipped.
///
/// A feed read for the first time starts `firstReadWindow` back, not at the beginning of the
/// system's history. A full page reads on at once (the job snoozes for zero seconds).
public struct FlowPoller: JobHandler {
    /// `flow.poll`.
    public let kind = FlowSchedules.pollKind
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
    /// Records read per feed per job.
    public var pageSize = 100
    /// How far back a feed's first read starts.
    public var firstReadWindow: TimeInterval = 24 * 3600

    /// Creates the poller.
    public init(database: TenantDatabase, catalog: ConnectorCatalog, secretBox: SecretBox?,
                connectors: ConnectorCache = ConnectorCache(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.connectors = connectors
        self.database = database
        self.catalog = catalog
        self.secretBox = secretBox
        self.now = now
    }

    struct PlannedRead {
        var feed: FlowFeed
        var kind: ConnectorKind
        var configuration: ConnectionConfiguration
        var position: ChangeCursor?
    }

    /// Polls the job's flow.
    public func run(_ job: Job) throws -> JobOutcome {
        let payload = try job.payload(as: FlowSchedules.Payload.self)
        let principal = Principal.ingress(partnerID: payload.partnerID)
        guard let (flow, reads) = try plan(payload, principal: principal) else { return .completed }
        var readOn = false
        var failure: ConnectorError?
        for read in reads {
            let page: (messages: [NewMessage], next: ChangeCursor, hasMore: Bool)
            do throws(ConnectorError) {
                page = try readPage(read, into: flow)
            } catch {
                try record(error, for: read, of: flow, principal: principal, job: job)
                failure = failure ?? error
                continue
            }
            let taken = try take(page.messages, next: page.next, for: read, of: flow)
            readOn = readOn || (taken && page.hasMore)
        }
        if let failure {
            if failure.errorClass == .transient, let retryAfter = failure.retryAfter, failure.upstream?.status == 429 {
                return .rateLimited(retryAfter: retryAfter)
            }
            return failure.errorClass == .transient ? .retry(reason: failure.message)
                                                    : .completedWithException(reason: failure.description)
        }
        return readOn ? .snooze(.zero) : .completed
    }

    /// One page of a feed, from its cursor (or, read for the first time, from
    /// `firstReadWindow` ago when the connector can start at a time).
    func readPage(_ read: PlannedRead, into flow: CustomerFlow) throws(ConnectorError)
        -> (messages: [NewMessage], next: ChangeCursor, hasMore: Bool) {
        let connector = try connectors.connector(read.kind, read.configuration, from: catalog, now: now())
        var start = read.position
        if start == nil, let rewindable = connector as? any RewindableChanges {
            start = try type(of: rewindable).changeCursor(for: read.feed.resource, from: now().addingTimeInterval(-firstReadWindow))
        }
        return try read.feed.read(from: connector, kind: read.kind, since: start, limit: pageSize, into: flow)
    }

    /// The flow and what to read, or nil when there is nothing to do (the flow is gone, paused,
    /// or reads nothing; a paused connection's feed waits until it is resumed).
    func plan(_ payload: FlowSchedules.Payload, principal: Principal) throws -> (CustomerFlow, [PlannedRead])? {
        try database.transaction(.partner(payload.partnerID)) { connection -> (CustomerFlow, [PlannedRead])? in
            guard let flow = try CustomerFlows.get(id: payload.flowID, for: principal, on: connection), flow.status == .active else {
                return nil
            }
            var connections: [UUID: Connection] = [:]
            for id in [flow.sourceConnectionID, flow.options[FlowOptions.posConnectionID].flatMap(UUID.init(uuidString:))] {
                guard let id, let found = try? Connections.get(id, for: principal, on: connection) else { continue }
                connections[id] = found
            }
            let feeds = FlowFeed.feeds(of: flow, kinds: connections.mapValues(\.kind))
            var reads: [PlannedRead] = []
            for feed in feeds {
                guard let found = connections[feed.connectionID], found.status == .active else { continue }
                let cursor = try FlowCursors.lock(feed, of: flow, on: connection)
                reads.append(PlannedRead(feed: feed, kind: found.kind,
                                         configuration: try Connections.configuration(of: found, box: secretBox, for: principal,
                                                                                      on: connection),
                                         position: cursor.position))
            }
            return reads.isEmpty ? nil : (flow, reads)
        }
    }

    /// Receives a page's messages and moves the cursor past them, if nobody moved it since the
    /// read began. Returns whether the page was taken.
    func take(_ messages: [NewMessage], next: ChangeCursor, for read: PlannedRead, of flow: CustomerFlow) throws -> Bool {
        let at = now()
        return try database.transaction(.partner(flow.partnerID)) { connection in
            let cursor = try FlowCursors.lock(read.feed, of: flow, on: connection)
            guard cursor.position == read.position else { return false }
            var accepted = 0
            for new in messages {
                guard case .accepted(let message) = try Messages.receive(new, partnerID: flow.partnerID, at: at, on: connection) else {
                    continue
                }
                try MessageJobs.enqueue(message, now: at, on: connection)
                accepted += 1
            }
            try FlowCursors.advance(read.feed, of: flow, to: next, changes: accepted, at: at, on: connection)
            try FlowProblems.clearMissedSchedule("poll", flow: flow.id, partnerID: flow.partnerID, at: at, on: connection)
            return true
        }
    }

    /// Keeps a failed read visible on its cursor; rejected credentials pause the connection with
    /// the reason, so the flow says why it stopped instead of failing every minute.
    func record(_ error: ConnectorError, for read: PlannedRead, of flow: CustomerFlow, principal: Principal, job: Job) throws {
        try database.transaction(.partner(flow.partnerID)) { connection in
            try FlowCursors.fail(read.feed, of: flow, error: error.description, at: now(), on: connection)
            if error.errorClass == .permanent, [401, 403].contains(error.upstream?.status) {
                try Connections.pauseAfterRejection(read.feed.connectionID, error: error, flow: flow.id,
                                                    by: Caller(principal: principal, requestID: "job-\(job.id)"), at: now(), on: connection)
            }
        }
    }
}
