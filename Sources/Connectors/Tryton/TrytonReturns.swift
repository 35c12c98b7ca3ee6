public import Commerce
import Foundation

/// Returns in Tryton, Tryton's own way: a `sale.sale` whose lines have negative quantities.
/// Processing such a sale (trytond `sale.Sale.process`, run at the end of `confirm` when no
/// queue worker is configured) makes a customer return shipment (`stock.shipment.out.return`)
/// for the goods and a credit note (a negative customer invoice) for the money. The return sale
/// carries our reference, like an order's sale, so a repeat finds it instead of making another.
///
/// "Stock back" is the return shipment received: `receive` does its incoming moves (customer →
/// warehouse input) and, when the warehouse receives straight into storage, its inventory moves
/// too (stock `ShipmentOutReturn.receive`); otherwise `do` does them. Only then are the units
/// counted in the warehouse's quantity again.
struct TrytonReturns {
    let client: TrytonClient
    let catalog: TrytonCatalog
    let taxes: TrytonTaxes

    /// The party of a return with no original sale in the ERP (a till return: the till sells to
    /// nobody in particular). Made once, found by name afterwards.
    static let walkInPartyName = "Point of sale customer (Counterpart)"

    /// The original sale's reference in a return reference `<original>-R<refund id>`, nil for a
    /// reference of another shape (a till return has no original sale in the ERP).
    static func originalReference(of reference: String) -> String? {
        guard let marker = reference.range(of: "-R", options: .backwards),
              !reference[marker.upperBound...].isEmpty,
              reference[marker.upperBound...].allSatisfy(\.isNumber) else { return nil }
        let original = String(reference[..<marker.lowerBound])
        return original.isEmpty ? nil : original
    }

    /// The return sale under `reference`, created unless it exists, brought to processing, and
    /// its return shipments received when `receive` says so.
    func upsert(_ refund: Refund, reference: String, receive: Bool, warehouse: String?) throws(ConnectorError) -> UpsertOutcome {
        let subject = "refund \(refund.externalIDs.first?.id ?? reference) of order \(refund.orderNumber)"
        do throws(ConnectorError) {
            if let id = try client.uniqueID("sale.sale", [["reference", "=", .string(reference)]], describing: "reference \(reference)") {
                // A first attempt may have stopped after creating, confirming or receiving:
                // go on from where it stopped.
                let confirmed = try client.confirmSale(id)
                let received = receive ? try receiveReturns(ofSale: id) : false
                return UpsertOutcome(key: reference, externalID: ExternalID(.trytonERP, String(id)),
                                     action: confirmed || received ? .updated : .unchanged)
            }
            let id = try client.create("sale.sale", [try saleValues(refund, reference: reference, warehouse: warehouse)])[0]
            _ = try client.confirmSale(id)
            if receive { _ = try receiveReturns(ofSale: id) }
            return UpsertOutcome(key: reference, externalID: ExternalID(.trytonERP, String(id)), action: .created)
        } catch {
            throw error.subject == nil ? error.about(subject) : error
        }
    }

    /// Receives the sale's return shipments that are not done yet; whether any was.
    private func receiveReturns(ofSale id: Int) throws(ConnectorError) -> Bool {
        let ids = try client.read("sale.sale", [id], fields: ["shipment_returns"]).first?["shipment_returns"]?.idList ?? []
        let drafts = try client.read("stock.shipment.out.return", ids, fields: ["state"]).filter { $0.text("state") == "draft" }.map(\.id)
        if !drafts.isEmpty { try client.press("stock.shipment.out.return", "receive", drafts) }
        // A warehouse whose input is not its storage zone stops at `received`: put away.
        let received = try client.read("stock.shipment.out.return", ids, fields: ["state"]).filter { $0.text("state") == "received" }.map(\.id)
        if !received.isEmpty { try client.press("stock.shipment.out.return", "do", received) }
        return !drafts.isEmpty || !received.isEmpty
    }

    /// The return sale's values: the original sale's party, addresses and warehouse (else the
    /// walk-in party and the connection's warehouse), one negative line per returned item at
    /// the refunded net unit price with the product category's customer taxes.
    private func saleValues(_ refund: Refund, reference: String, warehouse: String?) throws(ConnectorError) -> [String: TrytonValue] {
        if let problem = refund.validate().first {
            throw ConnectorError.business("The refund is not valid: \(problem)")
        }
        let session = try client.session()
        guard refund.amount.currency == session.currency else {
            throw ConnectorError.business("The refund is in \(refund.amount.currency); the Tryton company sells in \(session.currency).")
        }
        let goods = refund.lines.filter { $0.quantity > 0 }
        guard !goods.isEmpty else {
            // A credit without goods needs an accounting decision Counterpart cannot make for
            // the retailer (which revenue account and tax it reverses): a person makes the
            // credit note; nothing half-right is booked.
            throw ConnectorError.business("The refund pays back \(refund.amount) without returning any item; "
                                          + "make the credit note by hand in Tryton, then resolve this exception.")
        }
        let variants = try catalog.variants(skus: goods.map(\.sku))
        var lines: [TrytonValue] = []
        for line in goods {
            guard let variant = variants[line.sku] else {
                throw ConnectorError.business("Tryton has no product with code \(line.sku); create it in the ERP first.",
                                              subject: "SKU \(line.sku)")
            }
            var unit = variant.reference("sale_uom")
            if unit == nil { unit = try catalog.unitID() }
            let taxIDs = try variant.reference("account_category").map { id throws(ConnectorError) in try taxes.customerTaxIDs(ofCategory: id) } ?? []
            lines.append([
                "type": "line", "product": .int(variant.id), "description": .string("Return of \(line.sku)"),
                "quantity": TrytonStock.float(-line.quantity), "unit": .int(unit ?? 0),
                "unit_price": .decimal(Self.unitPrice(line)),
                "taxes": [["add", .ids(taxIDs)]],
            ])
        }
        var notes = [refund.reason].compactMap { $0 }
        if let linesTotal = try? Money.sum(goods.map(\.amount), in: refund.amount.currency),
           let rest = try? refund.amount.subtracting(linesTotal), rest.amount > 0 {
            // The lines are net of tax; the refund's total includes tax, shipping and any
            // goodwill. Say so on the sale rather than invent lines for it.
            notes.append("The refund pays back \(refund.amount) in all, \(linesTotal) of it for the items before tax.")
        }
        var values: [String: TrytonValue] = [
            "reference": .string(reference), "description": .string("Return on order \(refund.orderNumber)"),
            "sale_date": .date(TrytonDate(refund.createdAt)),
            "lines": [["create", .array(lines)]],
        ]
        if !notes.isEmpty { values["comment"] = .string(notes.joined(separator: "\n")) }
        for (field, value) in try customerAndWarehouse(reference: reference, warehouse: warehouse) { values[field] = value }
        return values
    }

    /// The party, addresses and warehouse of the original sale; for a reference without one,
    /// the walk-in party. `warehouse` (a code), when given, is where the goods come back;
    /// otherwise the original sale's, else the connection's.
    private func customerAndWarehouse(reference: String, warehouse code: String?) throws(ConnectorError) -> [String: TrytonValue] {
        let chosen = try code.map { code throws(ConnectorError) in try TrytonWarehouse.named(code, client: client).id }
        if let original = Self.originalReference(of: reference) {
            guard let sale = try client.searchRead("sale.sale", [["reference", "=", .string(original)]],
                                                   fields: ["party", "invoice_address", "shipment_address", "warehouse"], limit: 1).first,
                  let party = sale.reference("party"), let invoice = sale.reference("invoice_address"),
                  let shipment = sale.reference("shipment_address"), let warehouse = sale.reference("warehouse") else {
                // The order's own message may still be on its way to the ERP: try again later.
                throw ConnectorError.transient("Tryton has no sale under \(original) yet, which this return refunds.")
            }
            return ["party": .int(party), "invoice_address": .int(invoice), "shipment_address": .int(shipment),
                    "warehouse": .int(chosen ?? warehouse)]
        }
        let party = try walkInParty()
        guard let address = try client.read("party.party", [party], fields: ["addresses"]).first?["addresses"]?.idList.first else {
            throw ConnectorError.business("Tryton's party \(Self.walkInPartyName) has no address; give it one.")
        }
        var warehouse = chosen
        if warehouse == nil { warehouse = try TrytonWarehouse.named(client.settings.warehouse, client: client).id }
        return ["party": .int(party), "invoice_address": .int(address), "shipment_address": .int(address),
                "warehouse": .int(warehouse ?? 0)]
    }

    /// The walk-in party's id, created with one empty address the first time.
    private func walkInParty() throws(ConnectorError) -> Int {
        if let id = try client.search("party.party", [["name", "=", .string(Self.walkInPartyName)]], limit: 1, order: [("id", "ASC")]).first {
            return id
        }
        return try client.create("party.party", [["name": .string(Self.walkInPartyName), "addresses": [["create", [[:]]]]]])[0]
    }

    /// What was paid back per unit, to Tryton's 4 price digits, half to even.
    static func unitPrice(_ line: Refund.Line) -> Decimal {
        var exact = line.amount.amount / line.quantity
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 4, .bankers)
        return rounded
    }
}

extension TrytonERPConnector: RefundTarget {
    /// Books a refund as a Tryton return sale under `reference` — a sale with the refunded items
    /// at negative quantities, confirmed and processed, so Tryton makes its return shipment and
    /// credit note — unless a sale has that reference already (then it is taken on from where a
    /// first attempt stopped). When `refund.restocks`, the return shipment is received, which puts
    /// the units back in the warehouse's stock.
    ///
    /// A `reference` of the form `<sale reference>-R<refund id>` names the original sale, whose
    /// party, addresses and warehouse the return takes; while that sale is not in Tryton yet the
    /// error is transient. Any other reference (a till return) books to the walk-in party
    /// "Point of sale customer (Counterpart)" at the connection's warehouse.
    ///
    /// - Throws: a business error for an SKU Tryton does not have (naming it), for a refund of
    ///   money alone (a credit note without goods is made by hand), or for another currency.
    public func upsertRefund(_ refund: Refund, reference: String) throws(ConnectorError) -> UpsertOutcome {
        try upsertRefund(refund, reference: reference, warehouse: nil)
    }

    /// ``upsertRefund(_:reference:)`` with the goods coming back to the warehouse with code
    /// `warehouse` (nil: the original sale's, else the connection's) — a till return goes back
    /// to the till's store, where inventory-sync counted it.
    public func upsertRefund(_ refund: Refund, reference: String, warehouse: String?) throws(ConnectorError) -> UpsertOutcome {
        try TrytonReturns(client: client, catalog: TrytonCatalog(client: client), taxes: TrytonTaxes(client: client))
            .upsert(refund, reference: reference, receive: refund.restocks, warehouse: warehouse)
    }

    /// The return shipments (`stock.shipment.out.return`) of the sale under our reference.
    public func returnShipments(ofReference reference: String) throws(ConnectorError) -> [(id: Int, state: String)] {
        guard let id = try client.uniqueID("sale.sale", [["reference", "=", .string(reference)]], describing: "reference \(reference)") else {
            return []
        }
        let ids = try client.read("sale.sale", [id], fields: ["shipment_returns"]).first?["shipment_returns"]?.idList ?? []
        return try client.read("stock.shipment.out.return", ids, fields: ["state"]).map { ($0.id, $0.text("state") ?? "") }
    }
}
