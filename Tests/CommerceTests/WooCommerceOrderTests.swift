import Foundation
import Testing
import Commerce

/// A real WooCommerce 11 order (Fixtures/44-order-get.json, captured from a live store) read
/// into Commerce: valid, and its stated totals agree with its lines.
@Suite struct WooCommerceOrderTests {
    func capturedOrder() throws -> Order {
        try WooCommerceOrderMapping.order(WooCommerceOrderMapping.fixtureBody("44-order-get.json", as: WooCommerceOrderMapping.WireOrder.self))
    }

    @Test func aCapturedOrderIsValidAndItsTotalsAddUp() throws {
        let order = try capturedOrder()
        #expect(order.validate() == [])
        #expect(order.checkStatedTotals() == [])
        let totals = try order.totals()
        #expect(totals.subtotal.description == "60.00 EUR")
        #expect(totals.shipping.description == "4.90 EUR")
        #expect(totals.total.description == "64.90 EUR")
        #expect(order.status == .completed)
        #expect(order.lines.map(\.sku?.text) == ["SKU-34d1a6-1", "SHIRT-34d1a6-S"])
        #expect(order.lines[0].unitPrice.amount == Decimal(string: "17.5"))
        #expect(order.externalIDs.id(in: .wooCommerce) == "23")
        #expect(order.billingAddress?.country == CountryCode("DE"))
    }

    @Test func aTamperedLineIsNamedWithItsDifference() throws {
        var order = try capturedOrder()
        // The source claims the shirt line came to 24.00 while 1 × 25.00 is 25.00.
        order.lines[1].stated?.total = Money(24, .eur)
        let problems = order.checkStatedTotals()
        #expect(problems.map(\.path) == ["lines[1].total"])
        #expect(problems.first?.rule == .totalMismatch)
        #expect(problems.first?.message == "stated 24.00 EUR, computed 25.00 EUR from 1 × 25.00 EUR; difference -1.00 EUR")
    }

    @Test func aStatedOrderTotalThatDisagreesIsReported() throws {
        var order = try capturedOrder()
        order.stated?.total = Money(Decimal(string: "64.80")!, .eur)
        order.stated?.shipping = Money(Decimal(string: "4.80")!, .eur)
        let problems = order.checkStatedTotals()
        #expect(problems.map(\.path) == ["totals.shipping", "totals.total"])
        #expect(problems.last?.message.hasSuffix("difference -0.10 EUR") == true)
        #expect(order.checkStatedTotals(tolerance: Decimal(string: "0.10")!) == [])
    }

    @Test func aBlankLineForAnUnknownProductFailsValidation() throws {
        var order = try capturedOrder()
        // WooCommerce answers 201 with a blank line for an unknown SKU (spec §8).
        order.lines[0].sku = nil
        order.lines[0].name = ""
        #expect(order.validate().map(\.path) == ["lines[0].sku", "lines[0].name"])
    }

    @Test func theCapturedRefundFitsTheOrder() throws {
        let order = try capturedOrder()
        let refund = try WooCommerceOrderMapping.refund(
            WooCommerceOrderMapping.fixtureBody("38-order-refund-create.json", as: WooCommerceOrderMapping.WireRefund.self), of: order)
        #expect(refund.validate() == [])
        #expect(refund.problems(against: order) == [])
        #expect(refund.lines.first?.quantity == 1)
        #expect(refund.amount.description == "5.00 EUR")
        // Refunding 64.90 again after it: more than the 59.90 left.
        let second = Refund(orderNumber: "23", amount: Money(Decimal(string: "64.90")!, .eur), createdAt: refund.createdAt)
        #expect(second.problems(against: order, earlierRefunds: [refund]).map(\.rule) == [.exceedsOriginal])
    }
}
