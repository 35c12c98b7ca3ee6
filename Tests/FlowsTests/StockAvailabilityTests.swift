import Commerce
import Flows
import Foundation
import Testing

/// The rule that says how many units the shop may sell.
struct StockAvailabilityTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)
    let mug = try! SKU("MUG-1")

    func level(_ location: String, _ quantity: Decimal, at offset: TimeInterval = 0) -> StockLevel {
        StockLevel(sku: mug, location: location, quantity: quantity, asOf: Self.t0 + offset)
    }

    func sale(_ location: String, _ quantity: Decimal, at offset: TimeInterval, document: String = "1") -> StockMovement {
        StockMovement(sku: mug, location: location, quantity: -quantity, occurredAt: Self.t0 + offset, sourceSystem: .trytonPOS,
                      document: document)
    }

    @Test func sumsTheSellableLocationsLessTheSafetyStock() {
        let rule = StockAvailability(sellableLocations: ["WH", "ST1"], safetyStock: 2)
        #expect(rule.available(levels: [level("WH", 10), level("ST1", 4), level("RETURNS", 50)], movements: []) == 12)
    }

    @Test func everyLocationCountsWhenNoneAreNamed() {
        let rule = StockAvailability(sellableLocations: nil, safetyStock: 0)
        #expect(rule.available(levels: [level("WH", 10), level("RETURNS", 5)], movements: []) == 15)
    }

    @Test func aTillSaleAfterTheCountLowersItAndOneBeforeItIsAlreadyCounted() {
        let rule = StockAvailability(sellableLocations: nil, safetyStock: 0)
        let levels = [level("WH", 10), level("ST1", 4, at: 100)]
        #expect(rule.available(levels: levels, movements: [sale("ST1", 3, at: 200)]) == 11)
        #expect(rule.available(levels: levels, movements: [sale("ST1", 3, at: 50)]) == 14)
        // A sale at a location the ERP has not counted at all still takes its units.
        #expect(rule.available(levels: levels, movements: [sale("ST2", 1, at: 10)]) == 13)
    }

    @Test func neverOffersAFractionOrLessThanNothing() {
        let rule = StockAvailability(sellableLocations: nil, safetyStock: 1)
        #expect(rule.available(levels: [level("WH", Decimal(string: "3.75")!)], movements: []) == 2)
        #expect(rule.available(levels: [level("WH", 1)], movements: [sale("WH", 5, at: 10)]) == 0)
    }

    @Test func aSaleAtALocationTheShopDoesNotSellFromChangesNothing() {
        let rule = StockAvailability(sellableLocations: ["WH"], safetyStock: 0)
        #expect(rule.available(levels: [level("WH", 10)], movements: [sale("ST1", 3, at: 10)]) == 10)
    }
}
