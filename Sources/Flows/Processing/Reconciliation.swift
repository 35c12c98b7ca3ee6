import Commerce
import Connectors
public import Foundation
public import Jobs
import Postgres
public import Tenancy

/// Runs `flow.reconcile` jobs for `reconciliation` (issue 6 §5): a day of the shop compared
/// with the ERP. Reads the shop's orders created in the day (every page), then the ERP's sales
/// for them and the ERP's sales under this shop's reference prefix dated that day — one search,
/// not one call per order — and compares them (``ReconciliationComparison``). Each difference
/// becomes one message in exception, for the operators' queue, and a line of the day's report
/// (``ReconciliationReports``). A re-run replaces the report; the messages' de-duplication key
/// (`reconcile:<flow>:<day>:<order number>:<kind>`) keeps it from raising one twice.
///
/// The scheduled job carries no day and reconciles the day before the one it is due on, in
/// the flow's time zone; an operator's run names the day.
public struct Reconciliation: JobHandler {
    /// `flow.reconcile`.
    public let kind = FlowSchedules.reconcileKind
    /// The tenant-aware database.
    public let database: TenantDatabase
    /// The connectors.
    public let catalog: ConnectorCatalog
    /// Opens the connections' credentials.
    public let secretBox: SecretBox?
    /// The clock.
    public let now: @Sendable () -> Date
    /// Orders read from the shop per page.
    public var pageSize = 100

    /// Creates the handler.
    public init(database: TenantDatabase, catalog: ConnectorCatalog, secretBox: SecretBox?,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.catalog = catalog
        self.secretBox = secretBox
        self.now = now
    }

    /// The job's payload: a flow, and the day to reconcile (none: the day before today).
    public struct Payload: Codable, Sendable, Equatable {
        /// The partner.
        public var partnerID: UUID
        /// The `reconciliation` flow.
        public var flowID: UUID
        /// The day, in the flow's time zone.
        public var day: ReconciliationDay?

        /// Names a flow and a day.
        public init(partnerID: UUID, flowID: UUID, day: ReconciliationDay?) {
            self.partnerID = partnerID
            self.flowID = flowID
            self.day = day
        }

        enum CodingKeys: String, CodingKey { case partnerID = "partner_id", flowID = "flow_id", day }
    }

    /// The job that reconciles `day` of `flow` (as the schedule's, without a day).
    static func job(for flow: CustomerFlow, day: ReconciliationDay?) throws -> NewJob {
        try NewJob(kind: FlowSchedules.reconcileKind, payload: Payload(partnerID: flow.partnerID, flowID: flow.id, day: day),
                   partnerID: flow.partnerID, fairnessKey: flow.customerID.uuidString,
                   limitKey: flow.sourceConnectionID.map(MessageJobs.limitKey(connection:)), maxAttempts: 3)
    }

    struct Systems {
        var flow: CustomerFlow
        var shop: (kind: ConnectorKind, configuration: ConnectionConfiguration)
        var erp: (kind: ConnectorKind, configuration: ConnectionConfiguration)
    }

    /// Reconciles the job's day of its flow.
    public func run(_ job: Job) throws -> JobOutcome {
        let payload = try job.payload(as: Payload.self)
        let principal = Principal.ingress(partnerID: payload.partnerID)
        let systems = try database.transaction(.partner(payload.partnerID)) { connection -> Systems? in
            guard let flow = try CustomerFlows.get(id: payload.flowID, for: principal, on: connection), flow.status == .active,
                  flow.flow == .reconciliation, let shopID = flow.sourceConnectionID, let erpID = flow.targetConnectionID,
                  let shop = try? Connections.usable(shopID, in: flow.environmentID, for: principal, on: connection),
                  let erp = try? Connections.usable(erpID, in: flow.environmentID, for: principal, on: connection) else {
                return nil
            }
            return Systems(flow: flow,
                           shop: (shop.kind, try Connections.configuration(of: shop, box: secretBox, for: principal, on: connection)),
                           erp: (erp.kind, try Connections.configuration(of: erp, box: secretBox, for: principal, on: connection)))
        }
        guard let systems else { return .completed }
        let zoneName = systems.flow.options[FlowOptions.timeZone] ?? "UTC"
        let zone = TimeZone(identifier: zoneName) ?? .gmt
        let day = payload.day ?? ReconciliationDay.previous(to: job.runAt, in: zone)
        guard let window = day.window(in: zone) else { return .dead(.permanent, reason: "\(day) is not a day in \(zoneName).") }
        let outcome: ReconciliationComparison.Outcome
        do throws(ConnectorError) {
            outcome = try compare(systems, window: window)
        } catch {
            return error.errorClass == .transient ? .retry(reason: error.message) : .completedWithException(reason: error.description)
        }
        try record(outcome, of: systems.flow, day: day, zone: zoneName)
        return .completed
    }

    /// Reads both systems and compares them.
    func compare(_ systems: Systems, window: Range<Date>) throws(ConnectorError) -> ReconciliationComparison.Outcome {
        guard let shop = try catalog.connector(systems.shop.kind, systems.shop.configuration) as? any OrderSource else {
            throw ConnectorError.permanent("The flow's source connection cannot list orders; choose a web shop connection.")
        }
        guard let erp = try catalog.connector(systems.erp.kind, systems.erp.configuration) as? any OrderLedger else {
            throw ConnectorError.permanent("The flow's target connection cannot read orders back by reference; choose an ERP connection.")
        }
        // Orders changed since a day before the window: the day's orders, and the day before's,
        // whose sales an ERP dating by UTC may put on this day (they are not "missing in the shop").
        var cursor: ChangeCursor? = try catalog.changeCursor(systems.shop.kind, for: .order,
                                                             from: window.lowerBound.addingTimeInterval(-86_400))
        var dayOrders: [String: Order] = [:]
        var otherNumbers: Set<String> = []
        while true {
            let page = try shop.orderChanges(since: cursor, limit: pageSize)
            for order in page.records {
                if window.contains(order.createdAt) { dayOrders[order.number] = order } else { otherNumbers.insert(order.number) }
            }
            // A page can be empty and not the last (the shop's trashed orders are passed over);
            // only a position that no longer moves ends the read early.
            let moved = page.next != cursor
            cursor = page.next
            guard page.hasMore, moved else { break }
        }
        let prefix = OrderToERPStep.reference(shop: systems.flow.sourceConnectionID, order: "")
        let references = dayOrders.keys.sorted().map { prefix + $0 }
        let sales = try erp.orders(references: references, orPrefix: prefix, datedIn: window)
        let tolerance = FlowOptions.totalTolerance(systems.flow.options)
        return ReconciliationComparison(tolerance: tolerance)
            .compare(dayOrders: Array(dayOrders.values), sales: sales, prefix: prefix, otherShopNumbers: otherNumbers)
    }

    /// Stores the report and raises each mismatch not raised before, in one transaction.
    func record(_ outcome: ReconciliationComparison.Outcome, of flow: CustomerFlow, day: ReconciliationDay, zone: String) throws {
        let at = now()
        let report = ReconciliationReport(partnerID: flow.partnerID, customerID: flow.customerID, environmentID: flow.environmentID,
                                          flowID: flow.id, day: day, timeZone: zone, shopOrders: outcome.shopOrders,
                                          erpOrders: outcome.erpOrders, shopTotal: outcome.shopTotal, erpTotal: outcome.erpTotal,
                                          currency: outcome.currency, mismatches: outcome.mismatches, createdAt: at)
        try database.transaction(.partner(flow.partnerID)) { connection in
            try FlowProblems.clearMissedSchedule("reconcile", flow: flow.id, partnerID: flow.partnerID, at: at, on: connection)
            try ReconciliationReports.save(report, on: connection)
            for mismatch in outcome.mismatches {
                let intake = try Messages.receive(NewMessage(
                    customerID: flow.customerID, environmentID: flow.environmentID, flow: flow.flow, subject: "order-mismatch",
                    sourceSystem: "counterpart", sourceConnectionID: flow.sourceConnectionID, reference: mismatch.orderNumber,
                    dedupKey: "reconcile:\(flow.id.uuidString.lowercased()):\(day):\(mismatch.orderNumber):\(mismatch.kind.rawValue)",
                    input: try MessagePayload(encoding: MismatchInput(day: day, mismatch: mismatch))),
                    partnerID: flow.partnerID, at: at, on: connection)
                guard case .accepted(let message) = intake,
                      let attempt = try Messages.beginAttempt(message.id, partnerID: flow.partnerID, at: at, on: connection) else { continue }
                try Messages.finishAttempt(message.id, number: attempt, .exception(MessageError(.business, Self.explain(mismatch, day: day))),
                                           partnerID: flow.partnerID, at: at, on: connection)
            }
        }
    }

    /// The exception's text, as an operator reads it in the queue.
    static func explain(_ mismatch: ReconciliationMismatch, day: ReconciliationDay) -> String {
        let shop = mismatch.shopValue ?? "none"
        let erp = mismatch.erpValue ?? "none"
        switch mismatch.kind {
        case .missingInERP:
            return "Order \(mismatch.orderNumber) of \(day) (\(shop)) has no sale in the ERP."
        case .missingInShop:
            return "The ERP has a sale (\(erp)) under order \(mismatch.orderNumber)'s reference, dated \(day), that the shop does not have."
        case .totalDiffers:
            return "Order \(mismatch.orderNumber) of \(day) totals \(shop) in the shop and \(erp) in the ERP."
        case .statusDiffers:
            return "Order \(mismatch.orderNumber) of \(day) is \(shop) in the shop and \(erp) in the ERP."
        }
    }

    /// The message's input: the day and the mismatch, as the report line shows it.
    struct MismatchInput: Encodable {
        var day: ReconciliationDay
        var orderNumber: String
        var kind: ReconciliationMismatch.Kind
        var shopValue: String?
        var erpValue: String?

        init(day: ReconciliationDay, mismatch: ReconciliationMismatch) {
            self.day = day
            orderNumber = mismatch.orderNumber
            kind = mismatch.kind
            shopValue = mismatch.shopValue
            erpValue = mismatch.erpValue
        }

        enum CodingKeys: String, CodingKey {
            case day, orderNumber = "order_number", kind, shopValue = "shop_value", erpValue = "erp_value"
        }
    }
}
