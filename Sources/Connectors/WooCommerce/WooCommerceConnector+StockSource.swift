public import Commerce
import Foundation

extension WooCommerceConnector: StockSource {
    /// Where a stock change read stands: products and variations are two collections
    /// (`/products` holds no variations unless asked by SKU, `/variations` holds all of them,
    /// spec §2), each read with its own window.
    struct StockPosition: Sendable, Hashable, Codable {
        var products: WooCommerceChangeWindow.Position
        var variations: WooCommerceChangeWindow.Position
    }

    /// Stock of products and variations changed since the cursor, for those whose stock
    /// WooCommerce manages, stamped with their `date_modified_gmt` (which moves on every save,
    /// stock changes by orders included, spec §7). Half the limit goes to each collection.
    public func stockChanges(since cursor: ChangeCursor?, limit: Int) throws(ConnectorError) -> ChangePage<StockLevel> {
        let empty = WooCommerceChangeWindow.Position(since: nil, seen: [])
        let start = try cursor?.decode(StockPosition.self) ?? StockPosition(products: empty, variations: empty)
        let share = max(1, limit / 2)
        let key = { (wire: WireProduct) in wire.changeKey ?? .init(id: wire.id, modified: .init(secondsSinceEpoch: 0)) }
        let ignored = { (wire: WireProduct) in !wire.managesStock || wire.sku.isEmpty || wire.stockQuantity == nil }
        let products = try changedWires("/products", from: start.products, limit: share, key: key, isIgnored: ignored,
                                        while: "reading changed products' stock")
        let variations = try changedWires("/variations", from: start.variations, limit: share, key: key, isIgnored: ignored,
                                          while: "reading changed variations' stock")
        let levels = (products.wires + variations.wires).compactMap(level)
            .sorted { $0.asOf < $1.asOf }
        return ChangePage(records: levels, next: try ChangeCursor(encoding: StockPosition(products: products.next, variations: variations.next)),
                          hasMore: products.hasMore || variations.hasMore)
    }

    /// The current stock of these SKUs where WooCommerce manages it; SKUs the store does not
    /// hold, or holds without managed stock, are left out.
    public func stockLevels(skus: [SKU]) throws(ConnectorError) -> [StockLevel] {
        let found = try WooCommerceSKULookup(transport: transport).records(for: skus)
        return skus.compactMap { found[$0] }.compactMap(level)
    }

    /// A managed record's stock as a level at the connection's location.
    private func level(_ wire: WireProduct) -> StockLevel? {
        guard wire.managesStock, let quantity = wire.stockQuantity, let sku = try? SKU(wire.sku) else { return nil }
        return StockLevel(sku: sku, location: settings.stockLocation, quantity: Decimal(quantity),
                          asOf: wire.modified?.date ?? transport.clock())
    }
}
