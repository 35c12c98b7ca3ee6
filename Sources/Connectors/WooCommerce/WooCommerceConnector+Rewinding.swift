public import Foundation

extension WooCommerceConnector: RewindableChanges {
    /// A window starting a second before `date` (`modified_after` is exclusive and whole
    /// seconds), with nothing seen yet; stock reads both products and variations from there.
    public static func changeCursor(for resource: ConnectorResource, from date: Date) throws(ConnectorError) -> ChangeCursor {
        let start = WooCommerceChangeWindow.Position(since: WooCommerceTimestamp(date.addingTimeInterval(-1)), seen: [])
        switch resource {
        case .stock: return try ChangeCursor(encoding: StockPosition(products: start, variations: start))
        // Refunds are read through the orders they change (a refund stamps its order's
        // date_modified, spec §10), so their position is an order read's.
        case .order, .refund, .customer, .product: return try ChangeCursor(encoding: start)
        default: throw ConnectorError.permanent("WooCommerce has no change read of \(resource.rawValue).")
        }
    }
}
