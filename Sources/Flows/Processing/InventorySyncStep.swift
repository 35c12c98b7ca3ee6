public import Commerce
public import Connectors
import Foundation

/// `inventory-sync`: the ERP's stock and the tills' sales reach the shop's stock (issue 6 §5).
///
/// The ERP owns stock (SystemOfRecord): its levels are published into the hub, where a level
/// older than the one held is stale and changes nothing. A till sale takes its units at the
/// till's store location as a movement the ERP has not counted yet, once per sale line however
/// often it is read. After either, the shop is told what it may sell of each SKU touched —
/// `StockAvailability` under the flow's sellable locations and safety stock — as an absolute
/// level, so a repeat or a replay sets the same number and never subtracts twice.
///
/// A file drop's stock file arrives as the same `stock-level` messages, one per row, published
/// from the file drop (which must then own stock in the customer's SystemOfRecord).
///
/// A stock change the shop itself reports (a product webhook) is not a level the hub takes: the
/// shop does not own stock. It is skipped with the reason; the periodic full comparison
/// (`InventoryComparison`) repairs any drift.
public struct InventorySyncStep: FlowStep {
    /// The template.
    public let flow = FlowKind.inventorySync

    /// Creates the step.
    public init() {}

    /// Takes the change into the hub and sets the shop's stock of the SKUs it touched.
    public func process(_ context: FlowStepContext) throws(ConnectorError) -> FlowStepResult {
        guard let shop = context.target as? any StockTarget else {
            throw ConnectorError.permanent("The flow's target connection cannot take stock; choose a shop connection.")
        }
        let message = context.message
        let skus: [SKU]
        switch message.subject {
        case "stock-level":
            guard let level = try CanonicalPayload<StockLevel>.record(in: message.input, subject: message.subject),
                  let connectionID = message.sourceConnectionID else {
                throw ConnectorError.business("The message holds no stock level.", subject: message.reference)
            }
            let results = try context.transaction { connection in
                try Hub.publishStock([level], from: HubSource(system: SystemKind(rawValue: message.sourceSystem),
                                                              connectionID: connectionID),
                                     in: context.hubScope, on: connection)
            }
            if case .stale(let storedAsOf) = results.first?.outcome {
                return .skipped(reason: "\(Hub.stockKey(level)) as of \(level.asOf) is older than the level held (as of \(storedAsOf)).")
            }
            skus = [level.sku]
        case "till-sale":
            guard let sale = try CanonicalPayload<Order>.record(in: message.input, subject: message.subject) else {
                throw ConnectorError.business("The message holds no till sale.", subject: message.reference)
            }
            guard [.completed, .processing, .confirmed].contains(sale.status) else {
                return .skipped(reason: "Till sale \(sale.number) is \(sale.status.rawValue); only completed sales take stock.")
            }
            guard let location = context.flow.options[FlowOptions.posLocation] else {
                throw ConnectorError.business("Set the option \(FlowOptions.posLocation) to the location code of the till's store, "
                                              + "so its sales take stock there.", subject: "till sale \(sale.number)")
            }
            let document = sale.externalIDs.first?.id ?? sale.number
            let movements = sale.lines.compactMap { line in
                line.sku.map { StockMovement(sku: $0, location: location, quantity: -line.quantity, occurredAt: sale.paidAt ?? sale.createdAt,
                                             sourceSystem: SystemKind(rawValue: message.sourceSystem), document: document) }
            }
            _ = try context.transaction { try Hub.recordMovements(movements, in: context.hubScope, on: $0) }
            skus = Array(Set(movements.map(\.sku))).sorted { $0.text < $1.text }
        case "product", "stock", "price":
            return .skipped(reason: "The shop reported a change of \(message.reference ?? "an item")'s stock; the ERP owns stock, "
                                + "so the shop's figure is not taken (the full comparison repairs any difference).")
        default:
            return .skipped(reason: "Inventory sync does not take \(message.subject) messages.")
        }
        return try push(skus, to: shop, context: context)
    }

    /// Sets the shop's stock of `skus` to what the hub says it may sell.
    func push(_ skus: [SKU], to shop: any StockTarget, context: FlowStepContext) throws(ConnectorError) -> FlowStepResult {
        guard !skus.isEmpty else { return .skipped(reason: "No stocked item was touched.") }
        let rule = StockAvailability(options: context.flow.options)
        let location = shop.singleStockLocation
        let levels = try context.transaction { connection in
            try skus.map { sku in
                let held = try Hub.stock(of: sku, in: context.hubScope, on: connection).map(\.record)
                let moved = try Hub.pendingMovements(of: sku, in: context.hubScope, on: connection)
                return StockLevel(sku: sku, location: location ?? "shop", quantity: rule.available(levels: held, movements: moved),
                                  asOf: context.message.receivedAt)
            }
        }
        // A shop that reports its stock is read first: an SKU it does not sell is not an
        // error (an ERP holds many items the web shop never lists), and a figure already right
        // is not written again.
        var toWrite = levels
        var pushed: [String: String] = [:]
        if let readable = shop as? any StockSource {
            let current = Dictionary(try readable.stockLevels(skus: levels.map(\.sku)).map { ($0.sku, $0.quantity) }) { first, _ in first }
            toWrite = levels.filter { current[$0.sku] != nil && current[$0.sku] != $0.quantity }
            for level in levels where current[level.sku] == nil { pushed[level.sku.text] = "not sold in the shop" }
            for level in levels where current[level.sku] == level.quantity { pushed[level.sku.text] = "\(level.quantity) (unchanged)" }
        }
        guard !toWrite.isEmpty else {
            return .skipped(reason: "Nothing to write to the shop: "
                                + pushed.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        let outcome = try shop.setStock(toWrite)
        var ids: [MessageExternalID] = []
        for (item, level) in zip(outcome.items, toWrite) {
            switch item.result {
            case .success(let upsert):
                pushed[level.sku.text] = "\(level.quantity) (\(upsert.action.rawValue))"
                ids.append(MessageExternalID(system: upsert.externalID.system.rawValue, id: upsert.externalID.id))
            case .failure(let error):
                throw error
            }
        }
        let output = try? MessagePayload(encoding: ["stock": pushed])
        return .delivered(output: output, externalIDs: ids)
    }
}
