/// A kind of record a connector reads or writes, in Commerce's terms.
public enum ConnectorResource: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// `Product` with its variants.
    case product
    /// `Price` (list and sale price of one SKU).
    case price
    /// `StockLevel` (quantity of one SKU at one location).
    case stock
    /// `Customer`.
    case customer
    /// `Order`.
    case order
    /// `Refund` (a refund or return against an order).
    case refund
    /// `Shipment` with its tracking.
    case shipment
    /// An invoice in the ERP, read for reconciliation.
    case invoice

    /// The identifier, e.g. `order`.
    public var description: String { rawValue }
}
