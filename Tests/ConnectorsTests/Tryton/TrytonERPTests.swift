import Commerce
import Connectors
import Foundation
import HTTPClient
import Testing

/// The ERP connector against the real Tryton 8.2 (`erp` database) that deploy/local/tryton.sh
/// starts. Each test makes its own products, customers and references, so the tests run in
/// parallel and on a database earlier runs have used.
@Suite(.enabled(if: TrytonTestServer.isEnabled, TrytonTestServer.disabledReason))
struct TrytonERPTests {
    @Test func reportsTheServerCompanyAndWarehousesOnTestConnection() throws {
        let report = try TrytonTestServer.erp().testConnection()
        let facts = Dictionary(report.facts.map { ($0.label, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(facts["Tryton version"]?.hasPrefix("8.") == true)
        #expect(facts["Company"] == "Demo Retail Co (USD)")
        #expect(facts["Warehouses"]?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.contains("ST1") == true)
    }

    @Test func createsAProductBySKUAndReadsItBackWithItsPrice() throws {
        let erp = try TrytonTestServer.erp()
        var (product, price) = try TrytonTestServer.product(sku: TrytonTestServer.uniqueCode("CP-ITEM"), price: "19.90")
        product.description = "Organic cotton,\nwashed."
        let first = try erp.upsertProducts([product], prices: [product.sku: price])
        let created = try #require(first.succeeded.first)
        #expect(first.failed.isEmpty)
        #expect(created.action == .created)

        let read = try #require(try erp.product(sku: product.sku))
        #expect(read.sku == product.sku)
        #expect(read.name == product.name)
        #expect(read.description == product.description)
        #expect(read.variants.isEmpty)
        #expect(read.externalIDs == [created.externalID])

        // The same product again changes nothing; a new price updates the template.
        #expect(try erp.upsertProducts([product], prices: [product.sku: price]).succeeded.first?.action == .unchanged)
        let dearer = Price(sku: product.sku, list: Money("24.50", .usd)!)
        #expect(try erp.upsertProducts([product], prices: [product.sku: dearer]).succeeded.first?.action == .updated)
    }

    @Test func reportsAnInvalidProductItemByItemAndWritesTheOthers() throws {
        let erp = try TrytonTestServer.erp()
        let (good, price) = try TrytonTestServer.product(sku: TrytonTestServer.uniqueCode("CP-GOOD"))
        let (euro, _) = try TrytonTestServer.product(sku: TrytonTestServer.uniqueCode("CP-EURO"))
        let outcome = try erp.upsertProducts([euro, good], prices: [euro.sku: Price(sku: euro.sku, list: Money("5.00", .eur)!),
                                                                    good.sku: price])
        #expect(outcome.succeeded.map(\.key) == [good.sku.text])
        #expect(outcome.failed.map(\.key) == [euro.sku.text])
        #expect(outcome.failed.first?.error.errorClass == .business)
    }

    @Test func receivesStockAndReadsTheQuantityBackPerWarehouse() throws {
        let erp = try TrytonTestServer.erp()
        let (product, price) = try TrytonTestServer.product(sku: TrytonTestServer.uniqueCode("CP-STOCK"))
        _ = try erp.upsertProducts([product], prices: [product.sku: price])

        _ = try erp.receiveStock(sku: product.sku, quantity: 7, warehouse: "WH", unitCost: Money("8.00", .usd))
        _ = try erp.receiveStock(sku: product.sku, quantity: 3, warehouse: "ST1")

        let levels = Dictionary(try erp.stockLevels(skus: [product.sku]).map { ($0.location, $0.quantity) },
                                uniquingKeysWith: { first, _ in first })
        #expect(levels["WH"] == 7)
        #expect(levels["ST1"] == 3)
    }

    @Test func setsAnAbsoluteCountWithAnInventory() throws {
        let erp = try TrytonTestServer.erp(warehouse: "ST1")
        let (product, price) = try TrytonTestServer.product(sku: TrytonTestServer.uniqueCode("CP-COUNT"))
        _ = try erp.upsertProducts([product], prices: [product.sku: price])
        _ = try erp.receiveStock(sku: product.sku, quantity: 10)

        let counted = StockLevel(sku: product.sku, location: "ST1", quantity: 4, asOf: Date())
        #expect(try erp.setStock([counted]).failed.isEmpty)
        #expect(try erp.stockLevels(skus: [product.sku]).map(\.quantity) == [4])
    }

    @Test func readsStockChangesSinceACursor() throws {
        let erp = try TrytonTestServer.erp(warehouse: "WH")
        // Catch up first: the cursor then stands after every move made so far.
        var cursor: ChangeCursor?
        var page = try erp.stockChanges(since: nil, limit: 1_000)
        cursor = page.next
        while page.hasMore {
            page = try erp.stockChanges(since: cursor, limit: 1_000)
            cursor = page.next
        }
        let (product, price) = try TrytonTestServer.product(sku: TrytonTestServer.uniqueCode("CP-FEED"))
        _ = try erp.upsertProducts([product], prices: [product.sku: price])
        _ = try erp.receiveStock(sku: product.sku, quantity: 3)

        var levels: [StockLevel] = []
        repeat {
            page = try erp.stockChanges(since: cursor, limit: 100)
            levels += page.records
            cursor = page.next
        } while page.hasMore
        #expect(levels.filter { $0.sku == product.sku }.map(\.quantity) == [3])
        // Read again from the new cursor: the move was delivered once.
        #expect(try erp.stockChanges(since: cursor, limit: 100).records.filter { $0.sku == product.sku }.isEmpty)
    }

    @Test func confirmsASaleUnderOurReferenceAndReadsItBackByThatReference() throws {
        let erp = try TrytonTestServer.erp(warehouse: "WH")
        let (product, price) = try TrytonTestServer.product(sku: TrytonTestServer.uniqueCode("CP-SOLD"), price: "25.00")
        _ = try erp.upsertProducts([product], prices: [product.sku: price])
        _ = try erp.receiveStock(sku: product.sku, quantity: 5)

        let reference = TrytonTestServer.uniqueCode("WOO")
        let order = try Self.order(number: reference, sku: product.sku)
        let first = try erp.upsertOrder(order, reference: reference)
        #expect(first.action == .created)

        let read = try #require(try erp.order(reference: reference))
        #expect(read.externalIDs == [first.externalID])
        #expect(read.status == .processing)
        #expect(read.lines.map(\.sku) == [product.sku])
        #expect(read.lines.first?.quantity == 2)
        #expect(read.lines.first?.unitPrice == Money("25.00", .usd))
        #expect(read.stated?.total == Money("55.00", .usd))  // 2 × 25.00 + 10 % tax
        #expect(read.customer?.name == order.customer?.name)
        #expect(read.shippingAddress?.city == "Springfield")

        // The same order again: found by reference, nothing created.
        let second = try erp.upsertOrder(order, reference: reference)
        #expect(second.action == .unchanged)
        #expect(second.externalID == first.externalID)
        #expect(try erp.client.search("sale.sale", [["reference", "=", .string(reference)]]).count == 1)

        // Processing made a draft invoice and a customer shipment.
        let invoices = try erp.invoices(ofOrderReference: reference)
        #expect(invoices.map(\.state) == ["draft"])
        #expect(invoices.first?.total == Money("55.00", .usd))
        let shipments = try erp.shipments(ofOrderReference: reference)
        #expect(shipments.count == 1)
        #expect(shipments.first?.lines == [Shipment.Line(sku: product.sku, quantity: 2)])
        #expect(shipments.first?.fromLocation == "WH")
        #expect([Shipment.State.waiting, .assigned].contains(shipments.first?.state ?? .draft))
    }

    @Test func refusesASaleOfAnUnknownSKUAsABusinessError() throws {
        let erp = try TrytonTestServer.erp()
        let reference = TrytonTestServer.uniqueCode("WOO")
        let order = try Self.order(number: reference, sku: SKU(TrytonTestServer.uniqueCode("CP-NOWHERE")))
        #expect {
            _ = try erp.upsertOrder(order, reference: reference)
        } throws: { error in
            (error as? ConnectorError)?.errorClass == .business
        }
        #expect(try erp.order(reference: reference) == nil)
    }

    @Test func logsInAgainWhenTrytonDropsTheSession() throws {
        let erp = try TrytonTestServer.erp()
        let before = try erp.client.session()
        // Log the session out on the server only: the client still holds the dead one.
        _ = try erp.client.call("common.db.logout", [])
        #expect(try erp.client.search("stock.location", [["type", "=", "warehouse"]]).isEmpty == false)
        #expect(try erp.client.session() != before)
    }

    @Test func refusesAWrongPasswordAsAPermanentError() throws {
        // A throw-away user: Tryton blocks a login after 5 failures within 300 s (HTTP 429),
        // which must never hit the user the other tests log in with.
        let erp = try TrytonTestServer.erp()
        let login = TrytonTestServer.uniqueCode("probe").lowercased()
        _ = try erp.client.create("res.user", [["name": .string(login), "login": .string(login),
                                                "password": .string(UUID().uuidString)]])
        let stranger = try TrytonERPConnector(
            configuration: TrytonTestServer.configuration(database: "erp", login: login, password: "not-the-password"),
            http: TrytonTestServer.http)
        #expect {
            _ = try stranger.testConnection()
        } throws: { error in
            guard let error = error as? ConnectorError else { return false }
            return error.errorClass == .permanent && error.upstream?.status == 401 && !error.description.contains("not-the-password")
        }
    }

    static func order(number: String, sku: SKU) throws -> Order {
        let address = Address(name: "Ada Customer", lines: ["742 Evergreen Terrace"], city: "Springfield", postalCode: "49007",
                              country: CountryCode("US")!)
        let customer = Customer(name: "Ada Customer \(number)", email: "\(number.lowercased())@example.com", addresses: [address])
        return Order(number: number, status: .processing, currency: .usd, customer: customer, billingAddress: address,
                     shippingAddress: address,
                     lines: [OrderLine(sku: sku, name: "Test item", quantity: 2, unitPrice: Money("25.00", .usd)!)],
                     createdAt: Date())
    }
}
