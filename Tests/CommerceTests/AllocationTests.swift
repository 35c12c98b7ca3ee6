import Foundation
import Testing
import Commerce

/// Allocation by largest remainder: parts in whole minor units that always add up.
@Suite struct AllocationTests {
    func amounts(_ parts: [Money]) -> [String] { parts.map(\.description) }

    @Test func tenEurosInThreeLosesNoCent() throws {
        let parts = try Money(10, .eur).split(into: 3)
        #expect(amounts(parts) == ["3.34 EUR", "3.33 EUR", "3.33 EUR"])
        #expect(try Money.sum(parts, in: .eur) == Money(10, .eur))
    }

    @Test func largestRemaindersGetTheLeftOverCents() throws {
        // 100.00 over 1 : 1 : 1 : 3 → exact 16.666…, 16.666…, 16.666…, 50; the two cents left
        // over go to the first two of the equal remainders.
        let parts = try Money(100, .eur).allocated(over: [1, 1, 1, 3])
        #expect(amounts(parts) == ["16.67 EUR", "16.67 EUR", "16.66 EUR", "50.00 EUR"])
        // 0.05 over 0.3 : 0.7 → 0.015 and 0.035: remainders equal, the earlier part wins.
        let small = try #require(Money("0.05", .eur)).allocated(over: [Decimal(string: "0.3")!, Decimal(string: "0.7")!])
        #expect(amounts(small) == ["0.02 EUR", "0.03 EUR"])
    }

    @Test func allocationAlwaysSumsExactly() throws {
        // A spread of totals and weights, including zero weights and yen without decimals.
        let weights: [[Decimal]] = [[1], [1, 2], [3, 3, 3], [0, 1, 0, 1], [7, 13, 17, 19, 23], [Decimal(string: "0.001")!, 1000]]
        for currency in [CurrencyCode.eur, CurrencyCode("JPY")!, CurrencyCode("BHD")!] {
            for total in ["0.01", "1", "99.99", "12345.67", "-10", "0"] {
                let money = try #require(Money(total, currency)).roundedForCharging()
                for weight in weights {
                    let parts = try money.allocated(over: weight)
                    #expect(parts.count == weight.count)
                    #expect(try Money.sum(parts, in: currency) == money, "\(money) over \(weight)")
                    #expect(parts.allSatisfy { $0.isWholeMinorUnits })
                    for (part, weight) in zip(parts, weight) where weight == 0 { #expect(part.isZero) }
                }
            }
        }
    }

    @Test func negativeAmountsKeepTheirSign() throws {
        let parts = try Money(-10, .eur).split(into: 3)
        #expect(amounts(parts) == ["-3.34 EUR", "-3.33 EUR", "-3.33 EUR"])
    }

    @Test func refusesWeightsThatCannotShare() {
        #expect(throws: MoneyError.unallocatable(weights: [])) { try Money(1, .eur).allocated(over: []) }
        #expect(throws: MoneyError.unallocatable(weights: [0, 0])) { try Money(1, .eur).allocated(over: [0, 0]) }
        #expect(throws: MoneyError.unallocatable(weights: [1, -1, 2])) { try Money(1, .eur).allocated(over: [1, -1, 2]) }
        #expect(throws: MoneyError.unallocatable(weights: [])) { try Money(1, .eur).split(into: 0) }
    }
}
