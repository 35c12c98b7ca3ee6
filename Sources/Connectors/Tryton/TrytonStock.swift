import Commerce
import Foundation

/// Stock in Tryton: quantities are computed from done `stock.move`s, per location, when a
/// `product.product` is read with `locations` in the context (stock `Product.get_quantity`);
/// they are not stored, so a stock change shows only as moves (and inventories, shipments).
struct TrytonStock {
    let client: TrytonClient
    let catalog: TrytonCatalog

    /// The done moves feed: every receipt, count, shipment and till sale ends as one.
    static let moves = TrytonChangeFeed(model: "stock.move", filter: [["state", "=", "done"]], fields: ["product"])

    /// The quantity on hand (`quantity`: done moves up to today) of each variant at each covered
    /// warehouse, stamped `asOf`.
    func levels(of variants: [SKU: TrytonRecord], asOf: Date) throws(ConnectorError) -> [StockLevel] {
        guard !variants.isEmpty else { return [] }
        let skuByID = Dictionary(variants.map { ($0.value.id, $0.key) }, uniquingKeysWith: { first, _ in first })
        var levels: [StockLevel] = []
        for warehouse in try TrytonWarehouse.covered(by: client) {
            let records = try client.read("product.product", skuByID.keys.sorted(), fields: ["quantity"],
                                          context: ["locations": .ids([warehouse.id]), "active_test": false])
            for record in records {
                guard let sku = skuByID[record.id], let quantity = record["quantity"]?.decimalValue else { continue }
                levels.append(StockLevel(sku: sku, location: warehouse.code, quantity: quantity, asOf: asOf))
            }
        }
        return levels.sorted { ($0.sku, $0.location) < ($1.sku, $1.location) }
    }

    /// The SKUs whose done moves changed since the cursor, with their levels now.
    func changes(since cursor: ChangeCursor?, limit: Int, asOf: Date) throws(ConnectorError) -> ChangePage<StockLevel> {
        let page = try Self.moves.page(since: cursor, limit: limit, client: client)
        let productIDs = Array(Set(page.records.compactMap { $0.reference("product") })).sorted()
        let products = try client.read("product.product", productIDs, fields: ["code"], context: ["active_test": false])
        var variants: [SKU: TrytonRecord] = [:]
        for product in products {
            if let code = product.text("code"), let sku = try? SKU(code) { variants[sku] = product }
        }
        return ChangePage(records: try levels(of: variants, asOf: asOf), next: page.next, hasMore: page.hasMore)
    }

    /// Receives goods: a `stock.move` from the supplier location into the warehouse's storage
    /// zone, done at once (stock.move `do`), as a goods receipt would leave it. Returns the
    /// move's id.
    func receive(sku: SKU, quantity: Decimal, into warehouseCode: String?, unitCost: Money?) throws(ConnectorError) -> Int {
        guard quantity > 0 else { throw ConnectorError.business("A receipt needs a quantity above zero, not \(quantity).", subject: "SKU \(sku)") }
        let variant = try requireVariant(sku)
        let warehouse = try TrytonWarehouse.named(warehouseCode, client: client)
        let session = try client.session()
        var unit = variant.reference("sale_uom")
        if unit == nil { unit = try catalog.unitID() }
        var values: [String: TrytonValue] = [
            "product": .int(variant.id), "unit": .int(unit ?? 0),
            "quantity": Self.float(quantity),
            "from_location": .int(try TrytonWarehouse.locationID(ofType: "supplier", client: client)),
            "to_location": .int(warehouse.storageID),
            "company": .int(session.companyID),
        ]
        // A move from a supplier carries its cost (stock `Move.unit_price` is required then).
        let cost = unitCost?.amount ?? 0
        values["unit_price"] = .decimal(cost)
        values["currency"] = .int(try currencyID(session.currency))
        let id = try client.create("stock.move", [values])[0]
        try client.press("stock.move", "do", [id])
        return id
    }

    /// Sets the quantity in a warehouse's storage zone with a confirmed `stock.inventory`
    /// (Tryton books the difference from its lost-and-found location). Absolute: a repeat
    /// books nothing.
    func set(_ level: StockLevel) throws(ConnectorError) -> UpsertOutcome {
        let variant = try requireVariant(level.sku)
        let warehouse = try TrytonWarehouse.named(level.location, client: client)
        let id = try client.create("stock.inventory", [[
            "location": .int(warehouse.storageID),
            "lines": [["create", [["product": .int(variant.id), "quantity": Self.float(level.quantity)]]]],
        ]])[0]
        try client.press("stock.inventory", "confirm", [id])
        return UpsertOutcome(key: level.sku.text, externalID: ExternalID(.trytonERP, String(id)), action: .updated)
    }

    private func requireVariant(_ sku: SKU) throws(ConnectorError) -> TrytonRecord {
        guard let variant = try catalog.variants(skus: [sku])[sku] else {
            throw ConnectorError.business("Tryton has no product with code \(sku).", subject: "SKU \(sku)")
        }
        return variant
    }

    private func currencyID(_ currency: CurrencyCode) throws(ConnectorError) -> Int {
        try client.remembered("currency:\(currency.code)") { () throws(ConnectorError) -> TrytonValue in
            guard let id = try client.search("currency.currency", [["code", "=", .string(currency.code)]], limit: 1).first else {
                throw ConnectorError.permanent("Tryton has no currency \(currency.code).")
            }
            return .int(id)
        }.intValue ?? 0
    }

    /// A Float field's value (`quantity`): Tryton's Float fields are binary floats on the wire.
    static func float(_ value: Decimal) -> TrytonValue {
        .double(NSDecimalNumber(decimal: value).doubleValue)
    }
}
