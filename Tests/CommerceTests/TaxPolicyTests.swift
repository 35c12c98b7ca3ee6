import Foundation
import Testing
import Commerce

/// Tax per line versus per document, net versus gross prices.
@Suite struct TaxPolicyTests {
    let lines = [Money(Decimal(string: "1.05")!, .eur), Money(Decimal(string: "1.05")!, .eur), Money(Decimal(string: "1.05")!, .eur)]

    @Test func perLineAndPerDocumentRoundingGiveDifferentTotals() throws {
        // 10 % of 1.05 is 0.105 on each line. Per line, half to even: 0.10 × 3 = 0.30. Per
        // document: 10 % of 3.15 = 0.315 → 0.32. Both are correct for their system.
        let perLine = try TaxPolicy(rate: Decimal(string: "0.10")!, rounding: .perLine).tax(on: lines, in: .eur)
        #expect(perLine.lines.map(\.description) == ["0.10 EUR", "0.10 EUR", "0.10 EUR"])
        #expect(perLine.total.description == "0.30 EUR")
        let perDocument = try TaxPolicy(rate: Decimal(string: "0.10")!, rounding: .perDocument).tax(on: lines, in: .eur)
        #expect(perDocument.total.description == "0.32 EUR")
        // The document's tax spread back over the lines still adds up to it.
        #expect(perDocument.lines.map(\.description) == ["0.11 EUR", "0.11 EUR", "0.10 EUR"])
        #expect(try Money.sum(perDocument.lines, in: .eur) == perDocument.total)
    }

    @Test func wooCommerceRoundsEachLineHalfUp() throws {
        let policy = TaxPolicy.wooCommerce(rate: Decimal(string: "0.10")!, inclusion: .exclusive, roundsAtSubtotal: false)
        let tax = try policy.tax(on: lines, in: .eur)
        #expect(tax.lines.map(\.description) == ["0.11 EUR", "0.11 EUR", "0.11 EUR"])
        #expect(tax.total.description == "0.33 EUR")
        #expect(TaxPolicy.wooCommerce(rate: 0, inclusion: .inclusive, roundsAtSubtotal: true).rounding == .perDocument)
        #expect(TaxPolicy.tryton(rate: Decimal(string: "0.10")!).rule == .halfEven)
    }

    @Test func grossPricesHoldTheirTaxInside() throws {
        // 119.00 gross at 19 % holds 19.00 tax (119 × 0.19 / 1.19).
        let policy = TaxPolicy(rate: Decimal(string: "0.19")!, inclusion: .inclusive)
        let tax = try policy.tax(on: [Money(119, .eur), Money(10, .eur)], in: .eur)
        #expect(tax.lines.map(\.description) == ["19.00 EUR", "1.60 EUR"])
        #expect(tax.total.description == "20.60 EUR")
    }

    @Test func aLineInAnotherCurrencyIsRefused() {
        let policy = TaxPolicy(rate: Decimal(string: "0.19")!)
        #expect(throws: MoneyError.currencyMismatch(.eur, .usd)) { try policy.tax(on: [Money(1, .eur), Money(1, .usd)], in: .eur) }
    }
}
