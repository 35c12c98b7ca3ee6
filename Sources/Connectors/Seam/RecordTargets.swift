public import Commerce

// The write side of the seam. Every write is idempotent: a record is found by its external id,
// SKU or our reference before anything is created, so a retry or replay after a timeout updates
// (or leaves alone) what the first attempt made instead of making a second one. Batch writes
// answer item by item (`BatchOutcome`): one refused item never fails the others.

/// Writes products (with variants) and their prices.
public protocol ProductTarget: Connector {
    /// Creates or updates products by SKU, with the given prices (by SKU) where known.
    func upsertProducts(_ products: [Product], prices: [SKU: Price]) throws(ConnectorError) -> BatchOutcome
}

/// Writes stock levels.
public protocol StockTarget: Connector {
    /// Sets the quantity of each SKU (absolute, not a delta: a repeat sets the same value).
    func setStock(_ levels: [StockLevel]) throws(ConnectorError) -> BatchOutcome
    /// The one location whose stock the system holds, which every level sent to it must name
    /// (a web shop counts one stock); nil when levels go to the locations they name.
    var singleStockLocation: String? { get }
}

extension StockTarget {
    /// Levels go to the locations they name.
    public var singleStockLocation: String? { nil }
}

/// Writes customers.
public protocol CustomerTarget: Connector {
    /// Creates or updates a customer, found by external id or e-mail.
    func upsertCustomer(_ customer: Customer) throws(ConnectorError) -> UpsertOutcome
}

/// Writes orders as documents of the system (a sale in the ERP), keyed by our reference.
public protocol OrderTarget: Connector {
    /// Creates the order under `reference` unless one with that reference exists, and brings it
    /// to the state the system needs (a confirmed sale). Returns the existing one otherwise.
    func upsertOrder(_ order: Order, reference: String) throws(ConnectorError) -> UpsertOutcome
    /// The order written under our reference, read back, or nil.
    func order(reference: String) throws(ConnectorError) -> Order?
}

/// Writes refunds and returns.
public protocol RefundTarget: Connector {
    /// Records the refund under `reference` unless it exists.
    func upsertRefund(_ refund: Refund, reference: String) throws(ConnectorError) -> UpsertOutcome
}

/// Records shipments (e.g. completes a web order with its tracking).
public protocol ShipmentTarget: Connector {
    /// Applies the shipment to its order; a repeat changes nothing.
    func recordShipment(_ shipment: Shipment) throws(ConnectorError) -> UpsertOutcome
}

/// Delivers canonical events to a system (the outbound webhook): at least once, each event
/// with an id the receiver de-duplicates by.
public protocol EventTarget: Connector {
    /// Delivers the event, retrying transient failures within the connector's own budget.
    func deliver(_ event: OutboundEvent) throws(ConnectorError) -> DeliveryReceipt
}

/// A system whose orders can carry the reference another system filed them under: the ERP's
/// sale reference written back to the web order (issue 6 §5), so the shop's staff find the sale
/// and a person or a later flow can tell the order was taken.
public protocol OrderReferenceTarget: Connector {
    /// Records `reference` on the order numbered `number` unless it already carries it; returns
    /// whether it wrote.
    func recordReference(_ reference: String, onOrder number: String) throws(ConnectorError) -> Bool
}
