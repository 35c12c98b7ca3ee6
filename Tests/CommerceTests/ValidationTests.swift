import Foundation
import Testing
import Commerce

/// Validation names every problem by its field path and rule, and never stops at the first.
@Suite struct ValidationTests {
    func paths(_ problems: [ValidationProblem]) -> [String] { problems.map(\.path) }

    @Test func aWellFormedValueHasNoProblems() {
        #expect(Order.make().validate() == [])
        #expect(Product.make().validate() == [])
        #expect(Customer.make().validate() == [])
    }

    @Test func orderProblemsNameTheLineAndFieldAndAreAllReported() {
        let order = Order.make(lines: [
            .make(),
            .make(quantity: 0),
            .make(quantity: -1, unitPrice: "-1.00"),
            .make(unitPrice: "3.00", currency: .usd),
        ])
        let problems = order.validate()
        #expect(paths(problems) == ["lines[1].quantity", "lines[2].quantity", "lines[2].unitPrice", "lines[3].unitPrice"])
        #expect(problems.map(\.rule) == [.notPositive, .notPositive, .negative, .currencyMismatch])
        #expect(problems[3].description == "lines[3].unitPrice: is in USD; the order is in EUR (currencyMismatch)")
    }

    @Test func anOrderWithoutLinesOrNumberIsReported() {
        var order = Order.make(lines: [])
        order.number = " "
        order.paidAt = Order.placed.addingTimeInterval(-60)
        #expect(paths(order.validate()) == ["number", "lines", "paidAt"])
    }

    @Test func totalsRefuseMixedCurrenciesAndCheckingSaysWhere() {
        let order = Order.make(lines: [.make(), .make(currency: .usd)])
        #expect(throws: MoneyError.currencyMismatch(.eur, .usd)) { try order.totals() }
        #expect(paths(order.checkStatedTotals()) == ["lines[1].unitPrice"])
    }

    @Test func orderTotalsComeFromLinesShippingFeesAndTax() throws {
        var order = Order.make(lines: [.make(quantity: 3, unitPrice: "3.335")], shipping: "4.90")
        order.lines[0].discounts = [Discount(code: "SUMMER", amount: Money(1, .eur))]
        order.lines[0].taxes = [TaxLine(label: "VAT 19%", rate: Decimal(string: "0.19"), amount: Money(Decimal(string: "1.71")!, .eur))]
        order.fees = [FeeLine(name: "Gift wrap", amount: Money(2, .eur))]
        let totals = try order.totals()
        // 3 × 3.335 = 10.005 → 10.00 half to even (10.01 half up, as WooCommerce would).
        #expect(totals.subtotal.description == "10.00 EUR")
        #expect(totals.total.description == "17.61 EUR")  // 10.00 − 1.00 + 4.90 + 2.00 + 1.71
        order.rounding = .halfUp
        #expect(try order.totals().subtotal.description == "10.01 EUR")
        order.taxInclusion = .inclusive
        #expect(try order.totals().total.description == "15.91 EUR")  // tax already inside
    }

    @Test func productProblemsNameVariantsAndBarcodes() {
        var product = Product.make()
        product.name = "Shirt\u{7}"
        product.barcodes = [Barcode(.ean13, "4006381333932"), Barcode(.upcA, "12345")]
        product.variants[1].sku = .make("SHIRT-S")
        product.variants[1].options = [ProductAttribute("Colour", ["Red"])]
        product.weight = Weight(-1, .gram)
        let problems = product.validate()
        #expect(paths(problems) == ["name", "barcodes[0].code", "barcodes[1].code", "weight.value", "variants[1].sku", "variants[1].options"])
        #expect(problems.map(\.rule) == [.controlCharacters, .checkDigit, .malformed, .negative, .duplicate, .unknownReference])
        #expect(problems[1].message == "check digit should be 1, is 2")
    }

    @Test func barcodesCarryAGS1CheckDigit() {
        // Published examples: EAN-13 4006381333931 (Wikipedia's EAN-13 article), UPC-A
        // 036000291452, EAN-8 73513537, ISBN-13 978-0-306-40615-7.
        for barcode in [Barcode(.ean13, "4006381333931"), Barcode(.upcA, "036000291452"), Barcode(.ean8, "73513537"),
                        Barcode(.isbn13, "9780306406157"), Barcode(.other, "store-42")] {
            #expect(barcode.validate() == [], "\(barcode)")
        }
        #expect(Barcode(.isbn13, "4006381333931").validate().map(\.rule) == [.malformed])
    }

    @Test func customerContactsAreChecked() {
        let customer = Customer.make(email: "ada at example", phone: "call me")
        #expect(paths(customer.validate()) == ["email", "phone"])
        for refused in ["ada@", "@example.com", "a@b@c.de", "ada@example", "ada @example.com", "ada@example..com"] {
            #expect(paths(Customer.make(email: refused).validate()) == ["email"], "\(refused) accepted")
        }
        #expect(Customer.make(email: "ada.lovelace+shop@mail.example.co.uk", phone: "(030) 123-45/67").validate() == [])
    }

    @Test func addressesNeedAStreetAndAnAssignedCountry() {
        var address = Address.make()
        address.lines = ["", " "]
        address.city = ""
        #expect(paths(address.validate()) == ["lines", "city"])
        #expect(CountryCode("GB") != nil)
        for refused in ["UK", "EU", "de", "XX", "DEU", ""] { #expect(CountryCode(refused) == nil, "\(refused) accepted") }
    }

    @Test func pricesKeepSalesBelowListAndWindowsInOrder() throws {
        let start = Order.placed
        var price = Price(sku: .make(), list: Money(20, .eur), sale: .init(Money(25, .eur), from: start, until: start))
        #expect(paths(price.validate()) == ["sale.amount", "sale.until"])
        #expect(price.validate().map(\.rule) == [.saleAboveList, .outOfOrder])
        price.sale = .init(Money(15, .usd))
        #expect(price.validate().map(\.rule) == [.currencyMismatch])
        price.list = Money(Decimal(string: "19.999")!, .eur)
        price.sale = nil
        #expect(price.validate().map(\.rule) == [.tooPrecise])
    }

    @Test func aSaleAppliesOnlyInsideItsWindow() {
        let start = Order.placed, end = start.addingTimeInterval(86_400)
        let price = Price(sku: .make(), list: Money(20, .eur), sale: .init(Money(15, .eur), from: start, until: end))
        #expect(price.effective(at: start.addingTimeInterval(-1)) == Money(20, .eur))
        #expect(price.effective(at: start) == Money(15, .eur))
        #expect(price.effective(at: end) == Money(20, .eur))
    }

    @Test func aLaterStockLevelSupersedesAnEarlierOne() {
        let earlier = StockLevel(sku: .make(), location: "ST1", quantity: 8, asOf: Order.placed)
        let later = StockLevel(sku: .make(), location: "ST1", quantity: 6, asOf: Order.placed.addingTimeInterval(1))
        #expect(later.supersedes(earlier))
        #expect(!earlier.supersedes(later))
        #expect(!StockLevel(sku: .make(), location: "WH", quantity: 1, asOf: .distantFuture).supersedes(earlier))
        #expect(StockLevel(sku: .make(), location: "", quantity: -2, asOf: Order.placed).validate().map(\.path) == ["location"])
    }

    @Test func refundsAndShipmentsNameTheirLines() throws {
        let order = Order.make()
        let refund = Refund(orderNumber: "1001", lines: [Refund.Line(sku: .make("OTHER"), quantity: 1, amount: Money(5, .eur)),
                                                         Refund.Line(sku: .make(), quantity: 3, amount: Money(5, .eur))],
                            amount: Money(10, .eur), createdAt: Order.placed)
        #expect(refund.validate() == [])
        #expect(paths(refund.problems(against: order)) == ["lines[0].sku", "lines[1].quantity"])
        let shipment = Shipment(orderNumber: "1001", lines: [.init(sku: .make(), quantity: 0)], carrier: "DHL",
                                tracking: [.init(number: "", url: URL(string: "ftp://track.example/1"))], state: .shipped)
        #expect(paths(shipment.validate()) == ["lines[0].quantity", "tracking[0].number", "tracking[0].url", "shippedAt"])
    }

    @Test func externalIDsAreOnePerSystem() {
        var customer = Customer.make()
        customer.externalIDs.append(ExternalID(.wooCommerce, "4"))
        customer.externalIDs.append(ExternalID(.trytonERP, ""))
        #expect(paths(customer.validate()) == ["externalIDs[1].system", "externalIDs[2].id"])
    }
}
