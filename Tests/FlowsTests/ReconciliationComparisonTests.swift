import Commerce
import Flows
import Foundation
import Testing

/// The day's comparison without systems (``ReconciliationComparison``), and the day's window
/// in a flow's time zone (``ReconciliationDay``).
struct ReconciliationComparisonTests {
    static let prefix = "WC-0123456789ab-"
    static let day = Date(timeIntervalSince1970: 1_795_000_000)

    static func order(_ number: String, _ status: OrderStatus = .processing, total: String) -> Order {
        let amount = Money(Decimal(string: total) ?? 0, .usd)
        return Order(number: number, status: status, currency: .usd,
                     lines: [OrderLine(sku: nil, name: "Mug", quantity: 1, unitPrice: amount)],
                     stated: StatedTotals(total: amount), createdAt: day)
    }

    @Test func ordersThatNeverReachTheERPAreLeftOutAndCancelledOnesCountOnlyWithASale() {
        let shop = [Self.order("1", .pendingPayment, total: "10"), Self.order("2", .failed, total: "10"),
                    Self.order("3", .cancelled, total: "10"), Self.order("4", .cancelled, total: "12"),
                    Self.order("5", total: "20")]
        let sales = [Self.prefix + "4": Self.order("S4", .processing, total: "12"), Self.prefix + "5": Self.order("S5", total: "20")]
        let outcome = ReconciliationComparison(tolerance: Decimal(string: "0.01")!)
            .compare(dayOrders: shop, sales: sales, prefix: Self.prefix, otherShopNumbers: [])
        #expect(outcome.shopOrders == 2)
        #expect(outcome.erpOrders == 2)
        // Order 4 was cancelled in the shop after its sale was made; the sale still stands.
        #expect(outcome.mismatches == [.init(orderNumber: "4", kind: .statusDiffers, shopValue: "cancelled", erpValue: "processing")])
    }

    @Test func totalsDifferOnlyBeyondTheToleranceAndShippingIsNotCompared() {
        var shipped = Self.order("7", total: "25.00")
        shipped.shippingLines = [ShippingLine(method: "flat_rate", title: "Flat", amount: Money(5, .usd))]
        let shop = [shipped, Self.order("8", total: "20.00"), Self.order("9", total: "20.00")]
        let sales = [Self.prefix + "7": Self.order("S7", total: "20.00"), Self.prefix + "8": Self.order("S8", total: "20.01"),
                     Self.prefix + "9": Self.order("S9", total: "20.02")]
        let outcome = ReconciliationComparison(tolerance: Decimal(string: "0.01")!)
            .compare(dayOrders: shop, sales: sales, prefix: Self.prefix, otherShopNumbers: [])
        #expect(outcome.mismatches == [.init(orderNumber: "9", kind: .totalDiffers, shopValue: "20.00 USD", erpValue: "20.02 USD")])
    }

    @Test func aSaleOfAnotherDaysOrderIsNotMissingInTheShop() {
        let sales = [Self.prefix + "41": Self.order("S41", total: "5"), Self.prefix + "42": Self.order("S42", total: "6"),
                     "WC-ffffffffffff-43": Self.order("S43", total: "7")]
        let outcome = ReconciliationComparison(tolerance: 0)
            .compare(dayOrders: [], sales: sales, prefix: Self.prefix, otherShopNumbers: ["41"])
        #expect(outcome.mismatches == [.init(orderNumber: "42", kind: .missingInShop, shopValue: nil, erpValue: "6.00 USD")])
        #expect(outcome.erpOrders == 1)
    }

    @Test func aDayIsItsLocalMidnightToTheNextAcrossAClockChange() throws {
        let amsterdam = try #require(TimeZone(identifier: "Europe/Amsterdam"))
        // 2026-10-25: clocks go back an hour in Europe, so the day has 25 hours.
        let window = try #require(ReconciliationDay("2026-10-25")?.window(in: amsterdam))
        #expect(window.upperBound.timeIntervalSince(window.lowerBound) == 25 * 3600)
        #expect(ISO8601DateFormatter().string(from: window.lowerBound) == "2026-10-24T22:00:00Z")
        #expect(ReconciliationDay("2026-02-30") == nil && ReconciliationDay("21-11-2026") == nil)
        // At 06:30 in Amsterdam on 22 November, the day before is the 21st.
        let morning = try #require(ISO8601DateFormatter().date(from: "2026-11-22T05:30:00Z"))
        #expect(ReconciliationDay.previous(to: morning, in: amsterdam).description == "2026-11-21")
        // At 00:30 on the 22nd in Amsterdam it is still the 21st in UTC: the zone decides.
        let justAfterMidnight = try #require(ISO8601DateFormatter().date(from: "2026-11-21T23:30:00Z"))
        #expect(ReconciliationDay.previous(to: justAfterMidnight, in: amsterdam).description == "2026-11-21")
        #expect(ReconciliationDay.previous(to: justAfterMidnight, in: .gmt).description == "2026-11-20")
    }
}
