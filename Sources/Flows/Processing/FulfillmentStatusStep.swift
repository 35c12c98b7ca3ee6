public import Commerce
public import Connectors
public import Foundation

/// `fulfillment-status`: a shipment done in the ERP completes the shop's order with its
/// tracking, exactly once (issue 6 §5).
///
/// The ERP names a shipment's sale by our reference (`OrderToERPStep.reference`), which is how
/// the step knows the shop order: only a reference made for *this* flow's shop connection is
/// one of its orders. A sale keyed in the ERP (a phone order) or another shop's order is
/// skipped with the reason — it is not the flow's to complete, and not an error.
///
/// The shop writes idempotently (`ShipmentTarget.recordShipment` finds its own note by the
/// shipment's id), so a repeat, a re-read window or a replay changes nothing. Partial
/// shipments: each shipped shipment adds its own tracking note, and the order is completed once
/// the shipments shipped so far, together, cover every line — the ERP is asked for the sale's
/// other shipments when it can answer.
public struct FulfillmentStatusStep: FlowStep {
    /// The template.
    public let flow = FlowKind.fulfillmentStatus

    /// Creates the step.
    public init() {}

    /// Finds the shop order of the shipment and records the shipment on it.
    public func process(_ context: FlowStepContext) throws(ConnectorError) -> FlowStepResult {
        guard let shop = context.target as? any ShipmentTarget else {
            throw ConnectorError.permanent("The flow's target connection cannot take shipments; choose a shop connection.")
        }
        let message = context.message
        guard message.subject == "shipment" else {
            return .skipped(reason: "Fulfillment status does not take \(message.subject) messages.")
        }
        guard let shipment = try CanonicalPayload<Shipment>.record(in: message.input, subject: message.subject) else {
            throw ConnectorError.business("The message holds no shipment.", subject: message.reference)
        }
        let name = Self.name(of: shipment)
        guard shipment.state == .shipped || shipment.state == .delivered else {
            return .skipped(reason: "\(name) of \(shipment.orderNumber) is \(shipment.state.rawValue); "
                                + "only a shipped shipment completes an order.")
        }
        guard let reference = OrderReference(shipment.orderNumber) else {
            return .skipped(reason: "\(name) is of ERP sale \(shipment.orderNumber), which has no shop order reference "
                                + "(WC-…): a sale keyed in the ERP is not the shop's to complete.")
        }
        guard let shopID = context.flow.targetConnectionID, reference.belongs(to: shopID) else {
            return .skipped(reason: "\(name) is of \(shipment.orderNumber), an order of another shop; this flow's shop's "
                                + "references start \(OrderToERPStep.reference(shop: context.flow.targetConnectionID, order: "")).")
        }
        var forShop = shipment
        forShop.orderNumber = reference.orderNumber
        forShop.lines = try shippedLines(of: shipment, reference: shipment.orderNumber, source: context.source)
        let outcome = try shop.recordShipment(forShop)
        let orderID = outcome.externalID
        try context.transaction { connection in
            do {
                _ = try HubCrossReferences.link(.order, key: shipment.orderNumber, to: orderID.id,
                                                from: HubSource(system: orderID.system, connectionID: shopID), in: context.hubScope,
                                                on: connection)
            } catch let conflict as HubCrossReferenceConflict {
                throw ConnectorError.business("The hub links the order otherwise: \(conflict)", subject: shipment.orderNumber)
            }
        }
        let tracking = shipment.tracking.map(\.number)
        guard outcome.action != .unchanged else {
            return .skipped(reason: "Order \(reference.orderNumber) already carries \(name.lowercased())'s note"
                                + " and its status; nothing changed.")
        }
        let output = try? MessagePayload(encoding: [
            "order": reference.orderNumber,
            "shipment": name,
            "tracking": tracking.isEmpty ? "none: the ERP holds no tracking number for this shipment; the order's note says shipped without one"
                                         : tracking.joined(separator: ", "),
        ])
        return .delivered(output: output, externalIDs: [MessageExternalID(system: orderID.system.rawValue, id: orderID.id)])
    }

    /// What the shipments of the sale shipped so far hold together, so that the last of several
    /// partial shipments completes the order. Only the ERP's sale can say; a source that cannot
    /// is answered with this shipment's own lines.
    func shippedLines(of shipment: Shipment, reference: String, source: (any Connector)?) throws(ConnectorError) -> [Shipment.Line] {
        guard let erp = source as? TrytonERPConnector else { return shipment.lines }
        var all = try erp.shipments(ofOrderReference: reference).filter { $0.state == .shipped || $0.state == .delivered }
        if !all.contains(where: { $0.externalIDs == shipment.externalIDs }) { all.append(shipment) }
        var quantities: [SKU: Decimal] = [:]
        for line in all.flatMap(\.lines) { quantities[line.sku, default: 0] += line.quantity }
        return quantities.sorted { $0.key.text < $1.key.text }.map { Shipment.Line(sku: $0.key, quantity: $0.value) }
    }

    /// `Shipment tryton-erp:12`, or `The shipment` when it carries no id.
    static func name(of shipment: Shipment) -> String {
        shipment.externalIDs.first.map { "Shipment \($0.system.rawValue):\($0.id)" } ?? "The shipment"
    }
}
