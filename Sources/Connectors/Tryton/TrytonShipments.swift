import Commerce
import Foundation

/// Customer shipments in Tryton (`stock.shipment.out`), created by a confirmed sale's
/// processing and moved on by the warehouse: `assign_try` → `pick` → `pack` → `do`.
///
/// The tracking number is the shipment's `reference`: the modules this ERP runs (`stock`,
/// `sale`, no `stock_package_shipping`) give `stock.shipment.out` no carrier or tracking field
/// (read with `fields_get` on Tryton 7), and `reference` — "the supplier's or carrier's
/// reference", which sale processing leaves empty — is where the warehouse types the carrier's
/// number. The carrier is not known.
struct TrytonShipments {
    let client: TrytonClient

    static let fields = ["number", "state", "effective_date", "reference", "warehouse.code", "outgoing_moves"]
    static let feed = TrytonChangeFeed(model: "stock.shipment.out", fields: fields)

    /// Tryton's shipment states in Commerce's words (`done` is handed to the carrier).
    static func state(_ state: String) -> Shipment.State {
        switch state {
        case "waiting": .waiting
        case "assigned": .assigned
        case "picked": .picked
        case "packed": .packed
        case "done": .shipped
        case "cancelled": .cancelled
        default: .draft
        }
    }

    /// The shipments with these ids mapped to Commerce, each naming its sale by our reference
    /// (the one order-to-erp writes, from which the shop's order number is read back), or by the
    /// sale's own number when it has none (a sale keyed in the ERP).
    func shipments(_ records: [TrytonRecord]) throws(ConnectorError) -> [Shipment] {
        guard !records.isEmpty else { return [] }
        // sale.sale `shipments` is searchable (sale `search_shipments`): one query finds the sales.
        let sales = try client.searchRead("sale.sale", [["shipments", "in", .ids(records.map(\.id))]],
                                          fields: ["number", "reference", "shipments"])
        var orderNumber: [Int: String] = [:]
        for sale in sales {
            for shipment in sale["shipments"]?.idList ?? [] {
                orderNumber[shipment] = sale.text("reference") ?? sale.text("number") ?? "sale \(sale.id)"
            }
        }
        let moves = try client.read("stock.move", records.flatMap { $0["outgoing_moves"]?.idList ?? [] },
                                    fields: ["product.code", "quantity"])
        let movesByID = Dictionary(moves.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return records.map { record in
            let lines = (record["outgoing_moves"]?.idList ?? []).compactMap { movesByID[$0] }.compactMap { move -> Shipment.Line? in
                guard let sku = move[related: "product", "code"]?.stringValue.flatMap({ try? SKU($0) }),
                      let quantity = move["quantity"]?.decimalValue else { return nil }
                return Shipment.Line(sku: sku, quantity: quantity)
            }
            let state = Self.state(record.text("state") ?? "")
            return Shipment(externalIDs: [ExternalID(.trytonERP, String(record.id))],
                            orderNumber: orderNumber[record.id] ?? record.text("number") ?? "shipment \(record.id)",
                            lines: lines, tracking: Self.tracking(record.text("reference")), state: state, fromLocation: record[related: "warehouse", "code"]?.stringValue,
                            shippedAt: state == .shipped ? record["effective_date"]?.dateValue?.startOfDay : nil)
        }
    }

    /// The tracking in a shipment's `reference`, if the warehouse entered one.
    static func tracking(_ reference: String?) -> [Shipment.Tracking] {
        guard let number = reference?.trimmingCharacters(in: .whitespacesAndNewlines), !number.isEmpty else { return [] }
        return [Shipment.Tracking(number: number)]
    }

    /// The shipments with these ids.
    func shipments(ids: [Int]) throws(ConnectorError) -> [Shipment] {
        try shipments(try client.read("stock.shipment.out", ids, fields: Self.fields))
    }
}
