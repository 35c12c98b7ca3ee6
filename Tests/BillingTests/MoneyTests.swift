import Foundation
import Testing
@testable import Billing

// Money and CurrencyCode themselves moved down into Commerce with their tests
// (Tests/CommerceTests/MoneyTests.swift); what stays here is Billing's own use of them.
@Suite struct MoneyTests {
    let eur = CurrencyCode.eur

    @Test func billingSeesCommercesMoneyThroughItsOwnImport() throws {
        let price = try #require(Money("149.00", eur))
        #expect(price.roundedForCharging().description == "149.00 EUR")
    }

    @Test func currencyProblemsNameTheFieldForForms() {
        #expect(CurrencyCode.problem("XYZ")?.field == "currency")
        #expect(CurrencyCode.problem("XYZ", field: "per_customer_month")?.field == "per_customer_month")
        #expect(CurrencyCode.problem("SEK") == nil)
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
