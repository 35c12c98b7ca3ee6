public import Commerce
public import Foundation

/// Stock that moved by a document the system of record has not counted yet — a till sale
/// (negative) or a till return (positive) — held in the hub until the owner's next count of
/// that location (a `StockLevel` later than the movement) includes it (Migrations/0012).
public struct StockMovement: Sendable, Hashable {
    /// The item.
    public var sku: SKU
    /// Where the stock moved.
    public var location: String
    /// Units in (positive) or out (negative).
    public var quantity: Decimal
    /// When it moved.
    public var occurredAt: Date
    /// The system whose document moved it.
    public var sourceSystem: SystemKind
    /// The document's id in that system (one movement per document, SKU and location).
    public var document: String

    /// A movement.
    public init(sku: SKU, location: String, quantity: Decimal, occurredAt: Date, sourceSystem: SystemKind, document: String) {
        self.sku = sku
        self.location = location
        self.quantity = quantity
        self.occurredAt = occurredAt
        self.sourceSystem = sourceSystem
        self.document = document
    }
}
