import Foundation
import Testing
@testable import Billing

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
    }

    @Test func roundingForChargingIsHalfToEvenAtTheCurrencysMinorUnits() throws {
        func charged(_ text: String, _ code: String) throws -> String {
            let currency = try #require(CurrencyCode(code))
            return try #require(Money(text, currency)).roundedForCharging().description
        }
        #expect(try charged("2.345", "EUR") == "2.34 EUR")
        #expect(try charged("2.355", "EUR") == "2.36 EUR")
        #expect(try charged("2.3451", "EUR") == "2.35 EUR")
        #expect(try charged("-2.345", "EUR") == "-2.34 EUR")
        #expect(try charged("2.5", "JPY") == "2 JPY")
        #expect(try charged("3.5", "JPY") == "4 JPY")
        #expect(try charged("1.0005", "KWD") == "1.000 KWD")
        #expect(try charged("1.0015", "BHD") == "1.002 BHD")
        #expect(try charged("7", "EUR") == "7.00 EUR")
    }

    @Test func overageMultipliesOutExactlyBeforeRounding() throws {
        // 1,234 transactions at 4.0000 per 1,000: 4.936 exactly, charged as 4.94.
        let perThousand = try #require(Money("4.0000", eur))
        let overage = perThousand.multiplied(by: Decimal(1234) / 1000)
        #expect(overage.amount == Decimal(string: "4.936")!)
        #expect(overage.roundedForCharging().amount == Decimal(string: "4.94")!)
    }

    @Test func differentCurrenciesAreNeverCombined() throws {
        let euros = Money(10, eur)
        let dollars = Money(10, try #require(CurrencyCode("USD")))
        #expect(throws: BillingError.currencyMismatch(eur, dollars.currency)) { try euros.adding(dollars) }
        #expect(throws: BillingError.currencyMismatch(eur, dollars.currency)) { try euros.subtracting(dollars) }
    }

    @Test func onlyKnownISO4217CodesAreCurrencies() {
        #expect(CurrencyCode("EUR")?.minorUnits == 2)
        #expect(CurrencyCode("CZK")?.minorUnits == 2)
        #expect(CurrencyCode("JPY")?.minorUnits == 0)
        #expect(CurrencyCode("BHD")?.minorUnits == 3)
        #expect(CurrencyCode("KWD")?.minorUnits == 3)
        for refused in ["eur", "EURO", "", "XXX", "ABC", "E R"] {
            #expect(CurrencyCode(refused) == nil, "\(refused) accepted")
        }
        #expect(CurrencyCode.problem("XYZ")?.field == "currency")
        #expect(CurrencyCode.problem("SEK") == nil)
    }

    @Test func amountTextMustBeAPlainDecimalNumber() {
        for refused in ["", "12abc", "1e3", "1.", ".5", "--1", "1,5", " 1", "NaN", String(repeating: "9", count: 39)] {
            #expect(Money(refused, eur) == nil, "\(refused) accepted")
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
    }

    @Test func billingMonthsRollOverTheYearInUTC() throws {
        let lateOnNewYearsEve = try #require(ISO8601DateFormatter().date(from: "2026-12-31T23:30:00Z"))
        let month = BillingMonth(containing: lateOnNewYearsEve)
        #expect(month.description == "2026-12")
        #expect(month.next.firstDayText == "2027-01-01")
        #expect(month.next.firstDay == ISO8601DateFormatter().date(from: "2027-01-01T00:00:00Z"))
        #expect(BillingMonth(year: 2026, month: 13) == nil)
    }
}
