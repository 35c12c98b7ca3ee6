public import Foundation

extension TrytonERPConnector: RewindableChanges {
    /// A cursor into the feed that reads `resource`, starting at `date`.
    public static func changeCursor(for resource: ConnectorResource, from date: Date) throws(ConnectorError) -> ChangeCursor {
        let model: String
        switch resource {
        case .product: model = "product.template"
        case .price: model = TrytonERPConnector.priceFeed.model
        case .stock: model = TrytonStock.moves.model
        case .order: model = TrytonSales.feed.model
        case .shipment: model = TrytonShipments.feed.model
        default: throw ConnectorError.permanent("Tryton has no change read of \(resource.rawValue).")
        }
        return try TrytonChangeFeed(model: model, fields: []).cursor(from: date)
    }
}

extension TrytonPOSConnector: RewindableChanges {
    /// A cursor into the till sales, starting at `date`.
    public static func changeCursor(for resource: ConnectorResource, from date: Date) throws(ConnectorError) -> ChangeCursor {
        guard resource == .order else {
            throw ConnectorError.permanent("The point of sale has no change read of \(resource.rawValue).")
        }
        return try TrytonChangeFeed(model: "sale.point.sale", fields: []).cursor(from: date)
    }
}
