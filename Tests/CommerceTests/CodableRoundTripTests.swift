import Foundation
import Testing
import Commerce

/// Every aggregate survives JSON unchanged, with money as exact text.
@Suite struct CodableRoundTripTests {
    func roundTrip<Value: Codable & Equatable>(_ value: Value) throws -> Value {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try JSONDecoder().decode(Value.self, from: encoder.encode(value))
    }

    @Test func aggregatesRoundTripThroughJSON() throws {
        var order = Order.make(lines: [.make(unitPrice: "3.3333333333")])
        order.stated = StatedTotals(tax: .zero(.eur), total: Money(Decimal(string: "11.57")!, .eur))
        order.payments = [Payment(method: "bacs", amount: Money(Decimal(string: "11.57")!, .eur), paidAt: Order.placed)]
        #expect(try roundTrip(order) == order)
        #expect(try roundTrip(Product.make()) == Product.make())
        #expect(try roundTrip(Customer.make()) == Customer.make())
        let price = Price(sku: .make(), list: Money(20, .eur), sale: .init(Money(15, .eur), from: Order.placed), taxInclusion: .inclusive)
        #expect(try roundTrip(price) == price)
        let stock = StockLevel(sku: .make(), location: "ST1", quantity: Decimal(string: "2.5")!, asOf: Order.placed)
        #expect(try roundTrip(stock) == stock)
        let refund = Refund(externalIDs: [ExternalID(.wooCommerce, "24")], orderNumber: "1001",
                            lines: [.init(sku: .make(), quantity: 1, amount: Money(5, .eur))], amount: Money(5, .eur),
                            reason: "damaged", restocks: true, createdAt: Order.placed)
        #expect(try roundTrip(refund) == refund)
        let shipment = Shipment(orderNumber: "1001", lines: [.init(sku: .make(), quantity: 2)], carrier: "DHL",
                                tracking: [.init(number: "00340434161094042557", url: URL(string: "https://track.example/1"))],
                                state: .shipped, fromLocation: "WH", shippedAt: Order.placed)
        #expect(try roundTrip(shipment) == shipment)
        let problem = ValidationProblem("lines[2].quantity", .notPositive, "must be above zero")
        #expect(try roundTrip(problem) == problem)
    }

    @Test func unitPricesFinerThanACentKeepEveryDigit() throws {
        let order = Order.make(lines: [.make(unitPrice: "3.3333333333")])
        let json = String(decoding: try JSONEncoder().encode(order), as: UTF8.self)
        #expect(json.contains(#""amount":"3.3333333333""#))
        #expect(json.contains(#""status":"processing""#))
    }

    @Test func decodingRefusesInvalidCodesAndSKUs() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CountryCode.self, from: Data(#""UK""#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(StockLevel.self, from: Data(
            #"{"sku":"","location":"WH","quantity":1,"asOf":0}"#.utf8)) }
    }
}
