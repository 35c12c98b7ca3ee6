import Foundation
import Testing
import Commerce

/// Money's arithmetic and text (moved from BillingTests with Money itself).
@Suite struct MoneyTests {
    let eur = CurrencyCode.eur

    @Test func decimalTenthsAddUpExactly() throws {
        // 0.1 + 0.2 is 0.30000000000000004 in binary floating point; in money it must be 0.30.
        let sum = try #require(Money("0.1", eur)).adding(#require(Money("0.2", eur)))
        #expect(sum == Money(Decimal(string: "0.3")!, eur))
        #expect(sum.description == "0.30 EUR")
    }

    @Test func subtractingKeepsEveryDigit() throws {
        let margin = try #require(Money("149.00", eur)).subtracting(#require(Money("35.00", eur)))
        #expect(margin.amount == 114)
        #expect(margin.description == "114.00 EUR")
        let small = try #require(Money("0.0001", eur)).subtracting(#require(Money("0.0002", eur)))
        #expect(small.amount == Decimal(sign: .minus, exponent: -4, significand: 1))
        #expect(small.isNegative)
        #expect(small.exactText == "-0.0001")
    }

    @Test func differentCurrenciesAreNeverCombined() throws {
        let euros = Money(10, eur)
        let dollars = Money(10, .usd)
        #expect(throws: MoneyError.currencyMismatch(eur, .usd)) { try euros.adding(dollars) }
        #expect(throws: MoneyError.currencyMismatch(eur, .usd)) { try euros.subtracting(dollars) }
        #expect(throws: MoneyError.currencyMismatch(eur, .usd)) { try Money.sum([euros, euros, dollars], in: eur) }
        #expect(try Money.sum([euros, euros], in: eur) == Money(20, eur))
        #expect(try Money.sum([], in: eur) == .zero(eur))
    }

    @Test func onlyCurrentISO4217CodesAreCurrencies() {
        #expect(CurrencyCode("EUR")?.minorUnits == 2)
        #expect(CurrencyCode("CZK")?.minorUnits == 2)
        #expect(CurrencyCode("JPY")?.minorUnits == 0)
        #expect(CurrencyCode("KRW")?.minorUnits == 0)
        #expect(CurrencyCode("BHD")?.minorUnits == 3)
        #expect(CurrencyCode("KWD")?.minorUnits == 3)
        #expect(CurrencyCode("TND")?.minorUnits == 3)
        #expect(CurrencyCode("CAD")?.minorUnits == 2)
        #expect(CurrencyCode("BHD")?.minorUnit == Decimal(string: "0.001"))
        for refused in ["eur", "EURO", "", "XXX", "XTS", "XAU", "ABC", "E R", "DEM"] {
            #expect(CurrencyCode(refused) == nil, "\(refused) accepted")
        }
    }

    @Test func amountTextMustBeAPlainDecimalNumber() {
        for refused in ["", "12abc", "1e3", "1.", ".5", "--1", "1,5", " 1", "NaN", "+1", String(repeating: "9", count: 39)] {
            #expect(Money(refused, eur) == nil, "\(refused) accepted")
            #expect(Decimal(exactText: refused) == nil, "\(refused) accepted")
        }
        #expect(Money("-0.5", eur)?.amount == Decimal(sign: .minus, exponent: -1, significand: 5))
    }

    @Test func jsonKeepsTheAmountAsExactText() throws {
        let price = try #require(Money("149.10", eur))
        let json = String(decoding: try JSONEncoder().encode(price), as: UTF8.self)
        #expect(json.contains(#""amount":"149.1"#))  // text, not a JSON number
        #expect(try JSONDecoder().decode(Money.self, from: Data(json.utf8)) == price)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Money.self, from: Data(#"{"amount":"1","currency":"XXX"}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Money.self, from: Data(#"{"amount":1.5,"currency":"EUR"}"#.utf8))
        }
    }

    @Test func overageMultipliesOutExactlyBeforeRounding() throws {
        // 1,234 transactions at 4.0000 per 1,000: 4.936 exactly, charged as 4.94.
        let perThousand = try #require(Money("4.0000", eur))
        let overage = perThousand.multiplied(by: Decimal(1234) / 1000)
        #expect(overage.amount == Decimal(string: "4.936")!)
        #expect(overage.roundedForCharging().amount == Decimal(string: "4.94")!)
    }
}
