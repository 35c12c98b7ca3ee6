import Commerce
import Connectors
public import Foundation
public import Jobs
import Postgres
public import Tenancy

/// Runs `flow.compare` jobs for `inventory-sync`: the periodic full comparison that repairs
/// drift (issue 6 §5). Every SKU the hub holds stock of is compared with the shop's own figure;
/// those that differ from what the shop may sell are set, and the comparison is recorded as a
/// message of the flow — what it compared and what it repaired, "was → now" — so the repair is
/// visible in the message list like any other work.
///
/// Drift comes from what no event reports: a stock edit in the shop's admin, a webhook lost
/// while the connection was paused, a change made while the flow was off.
public struct InventoryComparison: JobHandler {
    /// `flow.compare`.
    public let kind = FlowSchedules.compareKind
    /// The tenant-aware database.
    public let database: TenantDatabase
    /// The connectors.
    public let catalog: ConnectorCatalog
    /// Opens the connections' credentials.
    public let secretBox: SecretBox?
    /// The clock.
    public let now: @Sendable () -> Date
    /// SKUs read from and written to the shop per call.
    public var batchSize = 100

    /// Creates the handler.
    public init(database: TenantDatabase, catalog: ConnectorCatalog, secretBox: SecretBox?,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.catalog = catalog
        self.secretBox = secretBox
        self.now = now
    }

    static let skusSQL = """
        SELECT sku FROM hub_stock WHERE partner_id = $1 AND customer_id = $2 AND environment = $3
        UNION SELECT sku FROM hub_stock_movements WHERE partner_id = $1 AND customer_id = $2 AND environment = $3
        ORDER BY 1
        """

    /// Compares and repairs the job's flow.
    public func run(_ job: Job) throws -> JobOutcome {
        let payload = try job.payload(as: FlowSchedules.Payload.self)
        let principal = Principal.ingress(partnerID: payload.partnerID)
        let startedAt = now()
        let prepared = try database.transaction(.partner(payload.partnerID)) { connection
            -> (flow: CustomerFlow, target: (ConnectorKind, ConnectionConfiguration), desired: [StockLevel])? in
            guard let flow = try CustomerFlows.get(id: payload.flowID, for: principal, on: connection), flow.status == .active,
                  flow.flow == .inventorySync, let targetID = flow.targetConnectionID,
                  let target = try? Connections.usable(targetID, in: flow.environmentID, for: principal, on: connection) else {
                return nil
            }
            let scope = HubScope(partnerID: flow.partnerID, customerID: flow.customerID, environment: flow.environmentKind)
            let rule = StockAvailability(options: flow.options)
            var desired: [StockLevel] = []
            for row in try connection.query(PostgresQuery(unsafeSQL: Self.skusSQL, binds: scope.binds)) {
                let sku = try SKU(try row.decode(String.self, at: 0))
                let held = try Hub.stock(of: sku, in: scope, on: connection).map(\.record)
                let moved = try Hub.pendingMovements(of: sku, in: scope, on: connection)
                desired.append(StockLevel(sku: sku, location: "", quantity: rule.available(levels: held, movements: moved),
                                          asOf: startedAt))
            }
            return (flow, (target.kind, try Connections.configuration(of: target, box: secretBox, for: principal, on: connection)),
                    desired)
        }
        guard let prepared else { return .completed }
        let repaired: [String: String]
        do throws(ConnectorError) {
            repaired = try repair(prepared.desired, through: try catalog.connector(prepared.target.0, prepared.target.1))
        } catch {
            return error.errorClass == .transient ? .retry(reason: error.message) : .completedWithException(reason: error.description)
        }
        try recordComparison(of: prepared.flow, compared: prepared.desired.count, repaired: repaired, job: job, at: startedAt)
        return .completed
    }

    /// Reads the shop's figures in batches, sets those that differ; returns "was → now" by SKU.
    func repair(_ desired: [StockLevel], through connector: any Connector) throws(ConnectorError) -> [String: String] {
        guard let shop = connector as? any StockTarget & StockSource else { return [:] }
        let location = shop.singleStockLocation ?? "shop"
        var repaired: [String: String] = [:]
        var start = 0
        while start < desired.count {
            let batch = Array(desired[start..<min(start + batchSize, desired.count)])
            start += batchSize
            let current = Dictionary(try shop.stockLevels(skus: batch.map(\.sku)).map { ($0.sku, $0.quantity) }) { first, _ in first }
            // An SKU the shop does not hold is not drift: catalogue publishing creates items.
            let differing = batch.filter { level in current[level.sku].map { $0 != level.quantity } ?? false }
                .map { StockLevel(sku: $0.sku, location: location, quantity: $0.quantity, asOf: $0.asOf) }
            guard !differing.isEmpty else { continue }
            let outcome = try shop.setStock(differing)
            for (item, level) in zip(outcome.items, differing) {
                if case .success = item.result {
                    repaired[level.sku.text] = "\(current[level.sku] ?? 0) → \(level.quantity)"
                }
            }
        }
        return repaired
    }

    /// The comparison as a delivered message of the flow.
    func recordComparison(of flow: CustomerFlow, compared: Int, repaired: [String: String], job: Job, at: Date) throws {
        let input = try MessagePayload(encoding: ["compared_skus": compared])
        let output = try MessagePayload(encoding: ComparisonReport(compared: compared, repaired: repaired))
        try database.transaction(.partner(flow.partnerID)) { connection in
            try FlowProblems.clearMissedSchedule("compare", flow: flow.id, partnerID: flow.partnerID, at: at, on: connection)
            let intake = try Messages.receive(NewMessage(customerID: flow.customerID, environmentID: flow.environmentID, flow: flow.flow,
                                                         subject: "stock-comparison", sourceSystem: "counterpart",
                                                         reference: "stock comparison", dedupKey: "compare:job:\(job.id):\(job.attempt)",
                                                         input: input),
                                              partnerID: flow.partnerID, at: at, on: connection)
            guard case .accepted(let message) = intake,
                  let attempt = try Messages.beginAttempt(message.id, partnerID: flow.partnerID, at: at, on: connection) else { return }
            try Messages.finishAttempt(message.id, number: attempt, .delivered(output: output, externalIDs: []),
                                       partnerID: flow.partnerID, at: now(), on: connection)
        }
    }

    struct ComparisonReport: Encodable {
        var compared: Int
        var repaired: [String: String]
    }
}
