public import Commerce
public import Foundation

/// How many of an SKU the shop may sell, from the hub's counts and the movements not counted
/// yet, under the flow's per-location rules and safety stock (issue 6 §5, `inventory-sync`).
/// A pure value, so the rule is tested without a database or a shop (STYLE.md habit 3).
///
/// available = max(0, ⌊Σ over sellable locations (count + movements since that count) − safety⌋)
///
/// Whole units, rounded down: a shop must never offer the half unit it does not have.
public struct StockAvailability: Sendable, Equatable {
    /// The locations whose stock the shop may sell; nil for every location.
    public var sellableLocations: Set<String>?
    /// Units held back from the shop.
    public var safetyStock: Decimal

    /// The rule.
    public init(sellableLocations: Set<String>?, safetyStock: Decimal) {
        self.sellableLocations = sellableLocations
        self.safetyStock = safetyStock
    }

    /// The rule a flow's options give.
    init(options: [String: String]) {
        self.init(sellableLocations: FlowOptions.sellableLocations(options), safetyStock: FlowOptions.safetyStock(options))
    }

    /// The units available to the shop, given every location's count of the SKU and the
    /// movements (`Hub.pendingMovements`) no count includes yet.
    public func available(levels: [StockLevel], movements: [StockMovement]) -> Decimal {
        func sellable(_ location: String) -> Bool { sellableLocations?.contains(location) ?? true }
        var total = levels.filter { sellable($0.location) }.reduce(Decimal(0)) { $0 + $1.quantity }
        for movement in movements where sellable(movement.location) {
            // A movement the location's count already includes was filtered out by the hub;
            // one older than the count it sits beside is ignored here too, for callers
            // handing in movements of their own.
            if let level = levels.first(where: { $0.location == movement.location }), movement.occurredAt <= level.asOf { continue }
            total += movement.quantity
        }
        var units = total - safetyStock
        var rounded = Decimal()
        NSDecimalRound(&rounded, &units, 0, .down)
        return max(0, rounded)
    }
}
