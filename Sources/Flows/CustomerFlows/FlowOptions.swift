public import Foundation
import Jobs
public import Tenancy

/// The options a customer sets on a flow (`customer_flows.options`), by name, with the rules
/// that check them when the flow is configured: a bad option is refused naming it, never
/// discovered by a worker at 3 a.m.
public enum FlowOptions {
    /// `inventory-sync`: a Tryton POS connection whose till sales lower the shop's stock;
    /// `returns`: a Tryton POS connection whose till returns become ERP returns.
    public static let posConnectionID = "pos_connection_id"
    /// `inventory-sync`: the location code of the till's store (where its sales take stock).
    public static let posLocation = "pos_location"
    /// `inventory-sync`: the ERP locations whose stock the shop may sell, comma-separated
    /// (default: every location).
    public static let locations = "locations"
    /// `inventory-sync`: units held back from the shop per SKU (default 0).
    public static let safetyStock = "safety_stock"
    /// `returns`: whether the ERP receives returned goods at once (its return shipment done, the
    /// units back in stock): `true` (default) or `false` (the warehouse receives them by hand).
    public static let receiveReturns = "receive_returns"
    /// Every polling flow: how often its sources are read (cron, default every minute).
    public static let pollCron = "poll_cron"
    /// `inventory-sync`: when the full comparison that repairs drift runs (cron, default hourly).
    public static let compareCron = "compare_cron"
    /// `reconciliation`: when the previous day is reconciled (cron in the flow's time zone,
    /// default 06:30 — after the night's late orders, before the operators' morning).
    public static let reconcileCron = "reconcile_cron"
    /// `reconciliation`: how far apart the shop's and the ERP's totals of one order may be
    /// before they differ (default 0.01, a cent).
    public static let totalTolerance = "total_tolerance"
    /// The time zone the flow's schedules are read in (default UTC).
    public static let timeZone = "time_zone"

    /// The problems with `options` for `flow`, each naming its option as `options.<name>`.
    public static func problems(_ options: [String: String], for flow: FlowKind) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        func problem(_ name: String, _ message: String) { problems.append(FieldProblem(field: "options.\(name)", message: message)) }
        for (name, value) in options where value.count > 500 { problem(name, "must be at most 500 characters") }
        if let value = options[posConnectionID], UUID(uuidString: value) == nil { problem(posConnectionID, "must be a connection id") }
        if let value = options[safetyStock], Decimal(string: value).map({ $0 < 0 }) ?? true {
            problem(safetyStock, "must be a number of units, 0 or more")
        }
        if let value = options[locations],
           value.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            problem(locations, "must be location codes separated by commas")
        }
        if let value = options[receiveReturns], !["true", "false"].contains(value.lowercased()) {
            problem(receiveReturns, "must be true or false")
        }
        if let value = options[totalTolerance], Decimal(string: value).map({ $0 < 0 }) ?? true {
            problem(totalTolerance, "must be an amount, 0 or more")
        }
        let zone = options[timeZone] ?? "UTC"
        if TimeZone(identifier: zone) == nil { problem(timeZone, "is not a time zone name such as Europe/Amsterdam") }
        for name in [pollCron, compareCron, reconcileCron] {
            guard let value = options[name] else { continue }
            do { _ = try CronExpression(value) } catch { problem(name, "is not a cron expression: \(error)") }
        }
        return problems
    }

    /// The locations whose stock the shop may sell; nil for every location.
    static func sellableLocations(_ options: [String: String]) -> Set<String>? {
        guard let value = options[locations] else { return nil }
        return Set(value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }

    /// The difference in an order's totals that is not yet a mismatch.
    static func totalTolerance(_ options: [String: String]) -> Decimal {
        options[totalTolerance].flatMap { Decimal(string: $0) } ?? Decimal(string: "0.01")!
    }

    /// The units held back per SKU.
    static func safetyStock(_ options: [String: String]) -> Decimal {
        options[safetyStock].flatMap { Decimal(string: $0) } ?? 0
    }
}
