import Commerce
import Connectors
import Flows
import Foundation
import Testing

/// The returns step's own rules, without any system: its references and what a till sale
/// returns.
struct ReturnsStepTests {
    static let shop = UUID(uuidString: "01890000-0000-7000-8000-0000abcdef12")!

    static func tillSale(_ quantities: [Decimal], status: OrderStatus = .completed) throws -> Order {
        Order(number: "POS/7", externalIDs: [ExternalID(.trytonPOS, "7")], status: status, currency: .usd,
              lines: try quantities.enumerated().map { index, quantity in
                  OrderLine(sku: try SKU("TILL-\(index)"), name: "Item \(index)", quantity: quantity, unitPrice: Money(12.5, .usd))
              },
              createdAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    @Test func buildsAShopRefundsReferenceOnItsOrdersSaleReference() {
        let reference = ReturnsStep.reference(shop: Self.shop, order: "1001", refund: "55")
        #expect(reference == OrderToERPStep.reference(shop: Self.shop, order: "1001") + "-R55")
        #expect(reference == "WC-0000abcdef12-1001-R55")
    }

    @Test func buildsATillReturnsReferenceFromThePOSConnectionAndTheSale() {
        #expect(ReturnsStep.reference(pos: Self.shop, sale: "7") == "POS-0000abcdef12-7")
    }

    @Test func takesOnlyTheNegativeLinesOfATillSaleAsTheReturn() throws {
        let refund = try #require(ReturnsStep.refund(returnedIn: try Self.tillSale([-2, 1])))
        #expect(refund.lines == [Refund.Line(sku: try SKU("TILL-0"), quantity: 2, amount: Money(25, .usd))])
        #expect(refund.amount == Money(25, .usd))
        #expect(refund.externalIDs == [ExternalID(.trytonPOS, "7")])
        #expect(refund.validate().isEmpty)
    }

    @Test func findsNoReturnInASaleWithoutNegativeLinesOrNotCompleted() throws {
        #expect(ReturnsStep.refund(returnedIn: try Self.tillSale([1, 3])) == nil)
        #expect(ReturnsStep.refund(returnedIn: try Self.tillSale([-1], status: .draft)) == nil)
        #expect(ReturnsStep.isReturn(try Self.tillSale([2, -1])))
        #expect(!ReturnsStep.isReturn(try Self.tillSale([2])))
    }

    @Test func refusesAReceiveReturnsOptionThatIsNotTrueOrFalse() {
        #expect(FlowOptions.problems([FlowOptions.receiveReturns: "sometimes"], for: .returns).map(\.field) == ["options.receive_returns"])
        #expect(FlowOptions.problems([FlowOptions.receiveReturns: "false"], for: .returns).isEmpty)
    }
}
