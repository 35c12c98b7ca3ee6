public import Commerce
public import Foundation

// The read side of the seam: one protocol per resource, so a connector adopts exactly what its
// system can give and the compiler keeps the flows from asking for more. Change reads return
// each record at most once per page, oldest change first, and a cursor to store after the page
// is processed; `limit` is a wish the connector may lower to the system's own maximum.

/// Reads products (with variants) from a system.
public protocol ProductSource: Connector {
    /// Products changed since the cursor (nil: from the beginning).
    func productChanges(since cursor: ChangeCursor?, limit: Int) throws(ConnectorError) -> ChangePage<Product>
    /// The product with that SKU (a variant's SKU returns its parent with all variants), or nil.
    func product(sku: SKU) throws(ConnectorError) -> Product?
}

/// Reads prices from a system.
public protocol PriceSource: Connector {
    /// Prices changed since the cursor.
    func priceChanges(since cursor: ChangeCursor?, limit: Int) throws(ConnectorError) -> ChangePage<Price>
}

/// Reads stock levels from a system.
public protocol StockSource: Connector {
    /// Stock levels changed since the cursor, one per SKU and location, stamped with when they
    /// were read.
    func stockChanges(since cursor: ChangeCursor?, limit: Int) throws(ConnectorError) -> ChangePage<StockLevel>
    /// The current levels of these SKUs at every location the connection covers (for the full
    /// comparison that repairs drift); SKUs the system does not know are left out.
    func stockLevels(skus: [SKU]) throws(ConnectorError) -> [StockLevel]
}

/// Reads customers from a system.
public protocol CustomerSource: Connector {
    /// Customers changed since the cursor.
    func customerChanges(since cursor: ChangeCursor?, limit: Int) throws(ConnectorError) -> ChangePage<Customer>
}

/// Reads orders (web orders, sales, till sales) from a system.
public protocol OrderSource: Connector {
    /// Orders changed since the cursor.
    func orderChanges(since cursor: ChangeCursor?, limit: Int) throws(ConnectorError) -> ChangePage<Order>
    /// The order with that id in the system, or nil when there is none.
    func order(id: String) throws(ConnectorError) -> Order?
}

/// Reads refunds and returns from a system.
public protocol RefundSource: Connector {
    /// Refunds of one order, oldest first.
    func refunds(ofOrder orderID: String) throws(ConnectorError) -> [Refund]
}

/// Reads shipments from a system.
public protocol ShipmentSource: Connector {
    /// Shipments changed since the cursor.
    func shipmentChanges(since cursor: ChangeCursor?, limit: Int) throws(ConnectorError) -> ChangePage<Shipment>
}

/// A connector whose change reads can start from a point in time: an operator resets a flow's
/// cursor to re-read a window (issue 6 §8, "cursors you cannot see"). Re-reading is safe
/// because the flows de-duplicate on intake and write idempotently. A position is the
/// connector's own arithmetic on a time — no configuration, no call — so it is a type's.
public protocol RewindableChanges: Connector {
    /// A cursor from which the change read of `resource` returns everything changed at or
    /// after `date`.
    /// - Throws: `.permanent` when the connector has no change read for `resource`.
    static func changeCursor(for resource: ConnectorResource, from date: Date) throws(ConnectorError) -> ChangeCursor
}
