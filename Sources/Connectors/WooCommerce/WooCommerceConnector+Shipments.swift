public import Commerce
import Foundation

extension WooCommerceConnector: ShipmentTarget {
    /// Records a shipped shipment on its order (spec §8, §9): WooCommerce core has no shipment
    /// or tracking object, so the carrier, tracking numbers and links go into a customer note
    /// (`customer_note: true`, which WooCommerce also e-mails to the buyer), and the order is
    /// set `completed` when the shipment holds every line of it. The note carries the
    /// shipment's reference, so a repeat finds it and writes nothing; a repeat after a failed
    /// status change completes only the status. Several partial shipments each add their note
    /// but do not complete the order.
    public func recordShipment(_ shipment: Shipment) throws(ConnectorError) -> UpsertOutcome {
        let subject = "shipment of order \(shipment.orderNumber)"
        let problems = shipment.validate()
        guard problems.isEmpty else {
            throw ConnectorError.business("The shipment is not valid: " + problems.map(\.description).joined(separator: "; "), subject: subject)
        }
        guard shipment.state == .shipped || shipment.state == .delivered else {
            throw ConnectorError.business("Only a shipped or delivered shipment completes a WooCommerce order; this one is \(shipment.state.rawValue).",
                                          subject: subject)
        }
        guard let order = try wireOrder(id: shipment.orderNumber) else {
            throw ConnectorError.business("The store has no order \(shipment.orderNumber) (WooCommerce order numbers are its order ids).",
                                          subject: subject)
        }
        guard !["cancelled", "refunded", "failed", "trash"].contains(order.status) else {
            throw ConnectorError.business("Order \(order.number) is \(order.status) in WooCommerce; a shipment cannot complete it.", subject: subject)
        }
        let reference = Self.reference(of: shipment)
        let externalID = ExternalID(.wooCommerce, String(order.id))
        var action = UpsertOutcome.Action.unchanged
        let notes = try transport.fetch([OrderNote].self, "/orders/\(order.id)/notes", query: [("type", "customer")],
                                        while: "reading the notes of order \(order.number)").0
        if !notes.contains(where: { $0.note.contains(reference) }) {
            let note = OrderNoteWrite(note: Self.noteText(shipment, reference: reference), customerNote: true)
            _ = try transport.fetch(OrderNote.self, "/orders/\(order.id)/notes", method: .post, json: try WooCommerceTransport.encode(note),
                                    while: "adding the tracking note to order \(order.number)")
            action = .updated
        }
        if order.status != "completed" && Self.covers(shipment, order) {
            _ = try transport.fetch(WireOrder.self, "/orders/\(order.id)", method: .put,
                                    json: try WooCommerceTransport.encode(["status": "completed"]),
                                    while: "completing order \(order.number)")
            action = .updated
        }
        return UpsertOutcome(key: reference, externalID: externalID, action: action)
    }

    /// The shipment's reference in the note: its first external id, else its tracking numbers.
    static func reference(of shipment: Shipment) -> String {
        if let id = shipment.externalIDs.first { return "Shipment \(id)" }
        let numbers = shipment.tracking.map(\.number)
        return numbers.isEmpty ? "Shipment of order \(shipment.orderNumber)" : "Shipment \(numbers.joined(separator: "+"))"
    }

    /// `Shipped with DHL. Tracking: 0034… https://… (Shipment tryton-erp:12)`.
    static func noteText(_ shipment: Shipment, reference: String) -> String {
        var text = shipment.carrier.map { "Shipped with \($0)." } ?? "Shipped."
        if !shipment.tracking.isEmpty {
            text += " Tracking: " + shipment.tracking.map { tracking in
                tracking.url.map { "\(tracking.number) \($0.absoluteString)" } ?? tracking.number
            }.joined(separator: ", ") + "."
        }
        return text + " (\(reference))"
    }

    /// Whether the shipment holds at least the ordered quantity of every line with an SKU.
    static func covers(_ shipment: Shipment, _ order: WireOrder) -> Bool {
        var shipped: [String: Decimal] = [:]
        for line in shipment.lines { shipped[line.sku.text, default: 0] += line.quantity }
        var ordered: [String: Decimal] = [:]
        for item in order.lineItems {
            guard let sku = item.sku, !sku.isEmpty else { continue }
            ordered[sku, default: 0] += item.quantity
        }
        return ordered.allSatisfy { sku, quantity in (shipped[sku] ?? 0) >= quantity }
    }

    /// An order note (spec §9; capture 36).
    private struct OrderNote: Decodable {
        let id: Int
        let note: String
    }

    /// A new order note.
    private struct OrderNoteWrite: Encodable {
        let note: String
        let customerNote: Bool

        private enum CodingKeys: String, CodingKey {
            case note
            case customerNote = "customer_note"
        }
    }
}
