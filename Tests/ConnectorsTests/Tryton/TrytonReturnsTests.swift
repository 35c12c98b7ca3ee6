import Commerce
import Connectors
import Foundation
import Testing

/// Returns booked in the real Tryton's `erp` database (`RefundTarget.upsertRefund`): a return
/// sale with negative lines under our reference, once, with its goods received into stock.
@Suite(.enabled(if: TrytonTestServer.isEnabled, TrytonTestServer.disabledReason))
struct TrytonReturnsTests {
    /// A product the ERP knows, an order for two sold under a fresh reference, and that reference.
    static func soldTwo() throws -> (TrytonERPConnector, SKU, String) {
        let erp = try TrytonTestServer.erp(warehouse: "WH")
        let (product, price) = try TrytonTestServer.product(sku: TrytonTestServer.uniqueCode("CP-RET"), price: "25.00")
        _ = try erp.upsertProducts([product], prices: [product.sku: price])
        let reference = TrytonTestServer.uniqueCode("WOO")
        _ = try erp.upsertOrder(try TrytonERPTests.order(number: reference, sku: product.sku), reference: reference)
        return (erp, product.sku, reference)
    }

    static func refund(_ sku: SKU, quantity: Decimal = 1, restocks: Bool = true) -> Refund {
        Refund(externalIDs: [ExternalID(.wooCommerce, "77")], orderNumber: "1001",
               lines: [Refund.Line(sku: sku, quantity: quantity, amount: Money(25 * quantity, .usd))],
               amount: Money(27.5 * quantity, .usd), reason: "Too small", restocks: restocks, createdAt: Date())
    }

    static func stock(_ erp: TrytonERPConnector, _ sku: SKU) throws -> Decimal {
        try erp.stockLevels(skus: [sku]).first { $0.location == "WH" }?.quantity ?? 0
    }

    @Test func booksAReturnSaleWithNegativeLinesOnceAndPutsTheGoodsBack() throws {
        let (erp, sku, original) = try Self.soldTwo()
        let before = try Self.stock(erp, sku)
        let reference = "\(original)-R77"

        let first = try erp.upsertRefund(Self.refund(sku), reference: reference)
        #expect(first.action == .created)
        let returned = try #require(try erp.order(reference: reference))
        #expect(returned.lines.map(\.sku) == [sku])
        #expect(returned.lines.first?.quantity == -1)
        #expect(returned.lines.first?.unitPrice == Money("25.00", .usd))
        #expect(returned.customer?.name == (try erp.order(reference: original))?.customer?.name, "the original sale's customer")
        #expect(try erp.returnShipments(ofReference: reference).map(\.state) == ["done"])
        #expect(try Self.stock(erp, sku) == before + 1)
        // Processing made the credit note: a draft invoice with a negative total.
        #expect(try erp.invoices(ofOrderReference: reference).map { $0.total.amount < 0 } == [true])

        let second = try erp.upsertRefund(Self.refund(sku), reference: reference)
        #expect(second.action == .unchanged)
        #expect(second.externalID == first.externalID)
        #expect(try erp.client.search("sale.sale", [["reference", "=", .string(reference)]]).count == 1)
        #expect(try Self.stock(erp, sku) == before + 1)
    }

    @Test func leavesTheReturnShipmentForTheWarehouseWhenTheRefundDoesNotRestock() throws {
        let (erp, sku, original) = try Self.soldTwo()
        let before = try Self.stock(erp, sku)
        let reference = "\(original)-R78"
        _ = try erp.upsertRefund(Self.refund(sku, restocks: false), reference: reference)
        #expect(try erp.returnShipments(ofReference: reference).map(\.state) == ["draft"])
        #expect(try Self.stock(erp, sku) == before)
    }

    @Test func refusesARefundOfAnUnknownSKUNamingIt() throws {
        let (erp, _, original) = try Self.soldTwo()
        let unknown = try SKU(TrytonTestServer.uniqueCode("CP-NOWHERE"))
        #expect {
            _ = try erp.upsertRefund(Self.refund(unknown), reference: "\(original)-R79")
        } throws: { error in
            guard let error = error as? ConnectorError else { return false }
            return error.errorClass == .business && error.description.contains(unknown.text)
        }
        #expect(try erp.order(reference: "\(original)-R79") == nil)
    }

    @Test func refusesAMoneyOnlyRefundAsACreditNoteToMakeByHand() throws {
        let (erp, _, original) = try Self.soldTwo()
        let goodwill = Refund(externalIDs: [ExternalID(.wooCommerce, "80")], orderNumber: "1001",
                              amount: Money(5, .usd), createdAt: Date())
        #expect {
            _ = try erp.upsertRefund(goodwill, reference: "\(original)-R80")
        } throws: { error in
            (error as? ConnectorError)?.errorClass == .business && "\(error)".contains("by hand")
        }
    }

    @Test func waitsForTheOriginalSaleWhileItIsNotInTheERP() throws {
        let (erp, sku, _) = try Self.soldTwo()
        #expect {
            _ = try erp.upsertRefund(Self.refund(sku), reference: "\(TrytonTestServer.uniqueCode("WOO"))-R81")
        } throws: { error in
            (error as? ConnectorError)?.errorClass == .transient
        }
    }
}
