import Connectors
public import Foundation
public import Jobs
public import Postgres

/// The stored schedules that run a customer's flow without a webhook (Sources/Jobs'
/// `job_schedules`): its polls, the intake of a file drop source's files, the periodic full
/// comparison of `inventory-sync`, the daily run of `reconciliation`, and the check that a
/// shop's webhooks still deliver. Saved with the flow, in the same transaction, so a flow
/// switched on is a flow that runs; a due time the scheduler could not keep is recorded as
/// missed and raised as a problem on the flow (``FlowProblems``), never silent.
public enum FlowSchedules {
    /// The job kind that polls a flow's feeds.
    public static let pollKind = "flow.poll"
    /// The job kind of the full comparison that repairs drift.
    public static let compareKind = "flow.compare"
    /// The job kind that checks the source still sends its webhooks (``WebhookWatch``).
    public static let watchKind = "flow.watch"
    /// The sources whose webhooks can be read and switched back on (`WebhookSubscriptions`).
    static let watchedSourceKinds: Set<ConnectorKind> = [.wooCommerce]
    /// The job kind that takes the files waiting on a flow's file drop source (``FileDropIntake``).
    public static let filesKind = "flow.files"
    /// The job kind of the daily reconciliation of a shop with the ERP.
    public static let reconcileKind = "flow.reconcile"

    /// The payload of a flow's scheduled jobs.
    public struct Payload: Codable, Sendable, Equatable {
        /// The partner.
        public var partnerID: UUID
        /// The customer flow.
        public var flowID: UUID

        /// Names a flow.
        public init(partnerID: UUID, flowID: UUID) {
            self.partnerID = partnerID
            self.flowID = flowID
        }

        enum CodingKeys: String, CodingKey { case partnerID = "partner_id", flowID = "flow_id" }
    }

    /// The schedule names of a flow.
    static func name(_ flow: CustomerFlow, _ what: String) -> String {
        "flow:\(flow.id.uuidString.lowercased()):\(what)"
    }

    /// Saves (or removes) the flow's schedules to match its template, feeds and options.
    static func save(for flow: CustomerFlow, feeds: [FlowFeed], sourceKind: ConnectorKind?, now: Date,
                     on connection: PostgresConnection) throws {
        let zone = flow.options[FlowOptions.timeZone] ?? "UTC"
        let payload = Payload(partnerID: flow.partnerID, flowID: flow.id)
        func job(_ kind: String) throws -> NewJob {
            try NewJob(kind: kind, payload: payload, partnerID: flow.partnerID, fairnessKey: flow.customerID.uuidString,
                       limitKey: flow.sourceConnectionID.map(MessageJobs.limitKey(connection:)), maxAttempts: 3)
        }
        if feeds.isEmpty {
            try JobSchedules.remove(name: name(flow, "poll"), partnerID: flow.partnerID, on: connection)
        } else {
            try JobSchedules.save(JobSchedule(name: name(flow, "poll"), cron: flow.options[FlowOptions.pollCron] ?? "* * * * *",
                                              timeZone: zone, job: job(pollKind), grace: .seconds(300)),
                                  now: now, on: connection)
        }
        // Webhooks of a source we also poll: every ten minutes, check they still deliver.
        if !feeds.isEmpty, let sourceKind, watchedSourceKinds.contains(sourceKind) {
            try JobSchedules.save(JobSchedule(name: name(flow, "watch"), cron: "*/10 * * * *", timeZone: "UTC", job: job(watchKind),
                                              grace: .seconds(600)),
                                  now: now, on: connection)
        } else {
            try JobSchedules.remove(name: name(flow, "watch"), partnerID: flow.partnerID, on: connection)
        }
        if sourceKind == .fileDrop {
            try JobSchedules.save(JobSchedule(name: name(flow, "files"), cron: flow.options[FlowOptions.pollCron] ?? "* * * * *",
                                              timeZone: zone, job: job(filesKind), grace: .seconds(300)),
                                  now: now, on: connection)
        } else {
            try JobSchedules.remove(name: name(flow, "files"), partnerID: flow.partnerID, on: connection)
        }
        if flow.flow == .inventorySync {
            try JobSchedules.save(JobSchedule(name: name(flow, "compare"), cron: flow.options[FlowOptions.compareCron] ?? "0 * * * *",
                                              timeZone: zone, job: job(compareKind), grace: .seconds(1800)),
                                  now: now, on: connection)
        }
        if flow.flow == .reconciliation {
            // The day's job carries no day: it reconciles the day before the one it is due on.
            try JobSchedules.save(JobSchedule(name: name(flow, "reconcile"), cron: flow.options[FlowOptions.reconcileCron] ?? "30 6 * * *",
                                              timeZone: zone, job: job(reconcileKind), grace: .seconds(6 * 3600)),
                                  now: now, on: connection)
        }
    }
}
