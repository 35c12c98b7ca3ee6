public import Commerce
import Foundation

extension WooCommerceConnector: StockTarget {
    /// The store counts one stock, under the connection's stock location name.
    public var singleStockLocation: String? { settings.stockLocation }

    /// Sets absolute stock quantities (`manage_stock: true`, `stock_quantity`) by SKU: simple
    /// products through `/products/batch`, variations through their parent's
    /// `/variations/batch`. A quantity already in place is not written. Refused per level: an
    /// SKU the store does not hold, a location other than the connection's, a fractional
    /// quantity (WooCommerce counts whole units, spec §7: `stock_quantity` is an int).
    public func setStock(_ levels: [StockLevel]) throws(ConnectorError) -> BatchOutcome {
        var results: [Int: Result<UpsertOutcome, ConnectorError>] = [:]
        let existing = try WooCommerceSKULookup(transport: transport).records(for: levels.map(\.sku))
        var groups: [String: [(index: Int, write: ProductWrite)]] = [:]
        for (index, level) in levels.enumerated() {
            let subject = "SKU \(level.sku)"
            guard level.location == settings.stockLocation else {
                results[index] = .failure(.business("Stock at \(level.location) cannot go to this store, whose stock is counted as \(settings.stockLocation).",
                                                    subject: subject))
                continue
            }
            guard let quantity = Self.wholeUnits(level.quantity) else {
                results[index] = .failure(.business("WooCommerce counts stock in whole units; \(level.quantity) is not one.", subject: subject))
                continue
            }
            guard let record = existing[level.sku] else {
                results[index] = .failure(.business("The store has no product or variation with SKU \(level.sku).", subject: subject))
                continue
            }
            if record.managesStock && record.stockQuantity == quantity {
                results[index] = .success(UpsertOutcome(key: level.sku.text, externalID: ExternalID(.wooCommerce, String(record.id)),
                                                        action: .unchanged))
                continue
            }
            let path = record.type == "variation" ? "/products/\(record.parentID)/variations/batch" : "/products/batch"
            groups[path, default: []].append((index, ProductWrite(id: record.id, managesStock: true, stockQuantity: quantity)))
        }
        for (path, writes) in groups.sorted(by: { $0.key < $1.key }) {
            let written = try WooCommerceBatch.write(writes.map { .update($0.write) }, to: path, as: WireProduct.self,
                                                     size: settings.batchSize, through: transport,
                                                     while: "setting the stock of \(writes.count) items")
            for ((index, _), result) in zip(writes, written) {
                let sku = levels[index].sku
                switch result {
                case .written(let record):
                    results[index] = .success(UpsertOutcome(key: sku.text, externalID: ExternalID(.wooCommerce, String(record.id)),
                                                            action: .updated))
                case .refused(let reply):
                    results[index] = .failure(Self.refusal(reply, sku: sku))
                case .failed(let error):
                    results[index] = .failure(error.about("SKU \(sku)"))
                }
            }
        }
        return BatchOutcome(items: levels.enumerated().map { index, level in
            BatchOutcome.Item(key: level.sku.text, result: results[index] ?? .failure(.permanent("No result for SKU \(level.sku).")))
        })
    }

    /// `quantity` as an `Int` when it is whole and fits.
    static func wholeUnits(_ quantity: Decimal) -> Int? {
        guard !quantity.isNaN, quantity == quantity.rounded(toScale: 0), abs(quantity) < 1_000_000_000 else { return nil }
        return NSDecimalNumber(decimal: quantity).intValue
    }
}

extension Decimal {
    /// Rounded to `scale` decimals, half away from zero.
    fileprivate func rounded(toScale scale: Int) -> Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, scale, .plain)
        return result
    }
}
