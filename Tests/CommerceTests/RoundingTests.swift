import Foundation
import Testing
import Commerce

/// The named rounding rules at each currency's minor units.
@Suite struct RoundingTests {
    func rounded(_ text: String, _ code: String, _ rule: RoundingRule) throws -> String {
        let currency = try #require(CurrencyCode(code))
        return try #require(Money(text, currency)).rounded(rule).description
    }

    @Test func halfEvenSendsTiesToTheEvenNeighbour() throws {
        // The classic banker's-rounding table (ties to even), e.g. Python's decimal docs:
        // 2.5 → 2, 3.5 → 4, −2.5 → −2.
        #expect(try rounded("2.5", "JPY", .halfEven) == "2 JPY")
        #expect(try rounded("3.5", "JPY", .halfEven) == "4 JPY")
        #expect(try rounded("-2.5", "JPY", .halfEven) == "-2 JPY")
        #expect(try rounded("0.5", "JPY", .halfEven) == "0 JPY")
        #expect(try rounded("2.345", "EUR", .halfEven) == "2.34 EUR")
        #expect(try rounded("2.355", "EUR", .halfEven) == "2.36 EUR")
        #expect(try rounded("2.3451", "EUR", .halfEven) == "2.35 EUR")
        #expect(try rounded("-2.345", "EUR", .halfEven) == "-2.34 EUR")
        #expect(try rounded("1.0005", "KWD", .halfEven) == "1.000 KWD")
        #expect(try rounded("1.0015", "BHD", .halfEven) == "1.002 BHD")
        #expect(try rounded("7", "EUR", .halfEven) == "7.00 EUR")
    }

    @Test func halfUpSendsTiesAwayFromZeroLikePHPRound() throws {
        // PHP: round(2.5) = 3, round(-2.5) = -3, round(1.955, 2) = 1.96 (the manual's examples).
        #expect(try rounded("2.5", "JPY", .halfUp) == "3 JPY")
        #expect(try rounded("-2.5", "JPY", .halfUp) == "-3 JPY")
        #expect(try rounded("1.955", "EUR", .halfUp) == "1.96 EUR")
        #expect(try rounded("2.345", "EUR", .halfUp) == "2.35 EUR")
        #expect(try rounded("-2.345", "EUR", .halfUp) == "-2.35 EUR")
        #expect(try rounded("2.3449", "EUR", .halfUp) == "2.34 EUR")
    }

    @Test func towardZeroDropsDigitsForBothSigns() throws {
        #expect(try rounded("2.349", "EUR", .towardZero) == "2.34 EUR")
        #expect(try rounded("-2.349", "EUR", .towardZero) == "-2.34 EUR")
    }

    @Test func chargingRoundsHalfToEven() throws {
        let charge = try #require(Money("0.125", .eur))
        #expect(charge.roundedForCharging() == charge.rounded(.halfEven))
        #expect(charge.roundedForCharging().description == "0.12 EUR")
        #expect(!charge.isWholeMinorUnits)
        #expect(charge.roundedForCharging().isWholeMinorUnits)
    }
}
