public import Foundation

/// How many of an SKU a location held, and when that was true. Quantities are `Decimal`
/// because Tryton counts in units of measure (2.5 kg), and may be negative: WooCommerce
/// oversells into backorders and Tryton lets forecast quantities go below zero.
///
/// `asOf` is the moment the source system's count was true (a Tryton move's effective date, a
/// WooCommerce `date_modified_gmt`), not when Counterpart heard of it: levels arrive out of
/// order, and only the time they were true says which one wins (`supersedes`).
public struct StockLevel: Sendable, Hashable, Codable, Validatable {
    /// The item.
    public var sku: SKU
    /// The location's code (Tryton `stock.location.code` such as `ST1`, or the name the
    /// customer's mapping gives a WooCommerce store).
    public var location: String
    /// On hand.
    public var quantity: Decimal
    /// When it was true.
    public var asOf: Date

    /// `quantity` of `sku` at `location` as of `asOf`.
    public init(sku: SKU, location: String, quantity: Decimal, asOf: Date) {
        self.sku = sku
        self.location = location
        self.quantity = quantity
        self.asOf = asOf
    }

    /// Whether this level replaces `other`: the same SKU and location, and true later.
    public func supersedes(_ other: StockLevel) -> Bool {
        sku == other.sku && location == other.location && asOf > other.asOf
    }

    public func validate() -> [ValidationProblem] {
        var problems = TextRules.problems(location, at: "location", maxLength: 100)
        if quantity.isNaN { problems.append(ValidationProblem("quantity", .malformed, "is not a number")) }
        return problems
    }
}
