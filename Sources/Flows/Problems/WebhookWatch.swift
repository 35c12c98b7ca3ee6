public import Connectors
import Crypto
public import Foundation
public import Jobs
import Postgres
public import Tenancy

/// Runs `flow.watch` jobs: notices a source that stopped sending (issue 6 §8, "silence").
///
/// WooCommerce disables a webhook after its seventh failed delivery in a row and never re-sends
/// what it dropped (spec §12.4, whose connector rule this follows: list the webhooks, re-activate
/// the disabled ones, and let polling by `modified_after` fill the gap). Every watch pass reads
/// the source's webhooks, keeps those that deliver to this connection's `/hooks/<token>` (the
/// URL's last segment hashes to the stored token hash), and for each that does not deliver:
/// - disabled by the system: raises `webhook_disabled` and switches it back on;
/// - paused by a person: raises it and leaves it alone (that is their decision to undo).
/// A webhook found active again clears its problem. The flow's poll reads everything changed
/// meanwhile, so the gap is filled whatever the webhook did.
public struct WebhookWatch: JobHandler {
    /// `flow.watch`.
    public let kind = FlowSchedules.watchKind
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

    /// Creates the watch.
    public init(database: TenantDatabase, catalog: ConnectorCatalog, secretBox: SecretBox?,
                connectors: ConnectorCache = ConnectorCache(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.catalog = catalog
        self.secretBox = secretBox
        self.connectors = connectors
        self.now = now
    }

    static let tokenHashSQL = "SELECT ingress_token_sha256 FROM connections WHERE partner_id = $1 AND id = $2"

    /// What a pass needs, read in one short transaction.
    struct Plan {
        var flow: CustomerFlow
        var source: Connection
        var configuration: ConnectionConfiguration
        var tokenHash: [UInt8]
    }

    /// Watches the job's flow's source.
    public func run(_ job: Job) throws -> JobOutcome {
        let payload = try job.payload(as: FlowSchedules.Payload.self)
        guard let plan = try plan(payload) else { return .completed }
        let subscriptions: [WebhookSubscription]
        let connector: any WebhookSubscriptions
        do throws(ConnectorError) {
            guard let found = try connectors.connector(plan.source.kind, plan.configuration, from: catalog, now: now())
                as? any WebhookSubscriptions else { return .completed }
            connector = found
            subscriptions = try connector.webhookSubscriptions().filter { Self.delivers($0, toTokenHash: plan.tokenHash) }
        } catch {
            // The poll of the same connection reports (and, for rejected credentials, pauses).
            return error.errorClass == .transient ? .retry(reason: error.message) : .completedWithException(reason: error.description)
        }
        var findings: [(WebhookSubscription, reactivation: Result<Void, ConnectorError>?)] = []
        for subscription in subscriptions where !subscription.isActive {
            // Only a webhook the system disabled is switched back on; a paused one was a person's choice.
            let reactivation: Result<Void, ConnectorError>? = subscription.status == "disabled"
                ? Result { () throws(ConnectorError) in try connector.activateWebhook(id: subscription.id) } : nil
            findings.append((subscription, reactivation))
        }
        let at = now()
        try database.transaction(.partner(plan.flow.partnerID)) { connection in
            try FlowProblems.clearMissedSchedule("watch", flow: plan.flow.id, partnerID: plan.flow.partnerID, at: at, on: connection)
            for (subscription, reactivation) in findings {
                try FlowProblems.raise(RaisedProblem(customerID: plan.flow.customerID, environmentID: plan.flow.environmentID,
                                                     flowID: plan.flow.id, connectionID: plan.source.id, kind: .webhookDisabled,
                                                     detailKey: subscription.id,
                                                     summary: Self.summary(subscription, source: plan.source, reactivation: reactivation)),
                                       partnerID: plan.flow.partnerID, at: at, on: connection)
            }
            for subscription in subscriptions where subscription.isActive {
                try FlowProblems.clear([.webhookDisabled], flow: plan.flow.id, detailKey: subscription.id, partnerID: plan.flow.partnerID,
                                       resolution: "Webhook \(subscription.id) (\(subscription.topic)) delivers again.", at: at,
                                       on: connection)
            }
        }
        return .completed
    }

    /// Whether a webhook delivers to the ingress URL whose token hashes to `tokenHash`.
    static func delivers(_ subscription: WebhookSubscription, toTokenHash tokenHash: [UInt8]) -> Bool {
        guard let url = URL(string: subscription.deliveryURL), url.pathComponents.dropLast().last == "hooks" else { return false }
        return ConstantTime.equals(SHA256.hash(Array(url.lastPathComponent.utf8)), tokenHash)
    }

    static func summary(_ subscription: WebhookSubscription, source: Connection,
                        reactivation: Result<Void, ConnectorError>?) -> String {
        let what = "\(source.name) stopped sending \(subscription.topic) events: its webhook \(subscription.id) is \(subscription.status)"
        let gap = "The flow's polling reads every change made meanwhile, so nothing is missed."
        switch reactivation {
        case .success?:
            return "\(what) (the system disables a webhook after repeated failed deliveries and does not re-send them). "
                + "Counterpart switched it back on. \(gap)"
        case .failure(let error)?:
            return "\(what), and switching it back on failed: \(error.message) Activate it in the system's webhook settings. \(gap)"
        case nil:
            return "\(what) (paused in the system's settings). Resume it there for real-time updates. \(gap)"
        }
    }

    /// The flow, its active source connection and its webhook token hash, or nil when there is
    /// nothing to watch.
    func plan(_ payload: FlowSchedules.Payload) throws -> Plan? {
        let principal = Principal.ingress(partnerID: payload.partnerID)
        return try database.transaction(.partner(payload.partnerID)) { connection -> Plan? in
            guard let flow = try CustomerFlows.get(id: payload.flowID, for: principal, on: connection), flow.status == .active,
                  let sourceID = flow.sourceConnectionID else { return nil }
            let source = try Connections.get(sourceID, for: principal, on: connection)
            guard source.status == .active,
                  let hash = try connection.query(PostgresQuery(unsafeSQL: Self.tokenHashSQL, binds: [payload.partnerID, sourceID]))
                      .first?.decode([UInt8]?.self, at: 0) else { return nil }
            return Plan(flow: flow, source: source,
                        configuration: try Connections.configuration(of: source, box: secretBox, for: principal, on: connection),
                        tokenHash: hash)
        }
    }
}
