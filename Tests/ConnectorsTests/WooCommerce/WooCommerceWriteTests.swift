import Commerce
@testable import Connectors
import Foundation
import HTTPClient
import Testing
import WooCommerceSimulator

/// Writes against the simulated store: idempotent upserts by SKU, batches with partial
/// failures, stock, customers, shipments.
@Suite struct WooCommerceWriteTests {
    typealias Support = WooCommerceTestSupport

    static let shirt = Support.product("SHIRT", name: "Shirt", variants: [
        Variant(sku: Support.sku("SHIRT-S"), options: [ProductAttribute("Size", ["S"])]),
        Variant(sku: Support.sku("SHIRT-M"), options: [ProductAttribute("Size", ["M"])]),
    ], attributes: [ProductAttribute("Size", ["S", "M"])])

    @Test func upsertingTheSameProductsTwiceCreatesEachOnce() throws {
        try Support.withStore { store in
            let connector = try Support.connector(for: store)
            let products = [Support.product("MUG", name: "Mug"), Self.shirt]
            let prices = [Support.sku("MUG"): Support.price("MUG", "9.50"), Support.sku("SHIRT-S"): Support.price("SHIRT-S", "25.00"),
                          Support.sku("SHIRT-M"): Support.price("SHIRT-M", "26.00")]
            let first = try connector.upsertProducts(products, prices: prices)
            #expect(first.failed.isEmpty, "\(first.failed)")
            #expect(first.succeeded.map(\.action) == [.created, .created])
            let writes = store.requestLog.filter { $0.hasPrefix("POST") }.count
            let second = try connector.upsertProducts(products, prices: prices)
            #expect(second.succeeded.map(\.action) == [.unchanged, .unchanged])
            #expect(store.requestLog.filter { $0.hasPrefix("POST") }.count == writes)
            let catalogue = store.catalogue()
            #expect(Set(catalogue.keys) == ["MUG", "SHIRT", "SHIRT-S", "SHIRT-M"])
            #expect(catalogue["SHIRT-M"]?.parentID == catalogue["SHIRT"]?.id)
            #expect(catalogue["MUG"]?.regularPrice == "9.50")
            // Read back, the product is what was written.
            let read = try #require(try connector.product(sku: Support.sku("SHIRT-M")))
            #expect(read.sku.text == "SHIRT")
            #expect(Set(read.variants.map(\.sku.text)) == ["SHIRT-S", "SHIRT-M"])
            // A changed price is an update, of that product only.
            var changed = prices
            changed[Support.sku("MUG")] = Support.price("MUG", "10.00")
            #expect(try connector.upsertProducts(products, prices: changed).succeeded.map(\.action) == [.updated, .unchanged])
        }
    }

    @Test func reportsEachRefusedItemOfABatchByItsSKUAndWritesTheOthers() throws {
        try Support.withStore { store in
            let connector = try Support.connector(for: store)
            // Both hoodies claim variant SKU HOOD-X: WooCommerce takes the first and refuses
            // the second item of the variations batch with product_invalid_sku.
            let first = Support.product("HOOD-A", variants: [Variant(sku: Support.sku("HOOD-X"), options: [ProductAttribute("Size", ["S"])])],
                                        attributes: [ProductAttribute("Size", ["S"])])
            let second = Support.product("HOOD-B", variants: [Variant(sku: Support.sku("HOOD-X"), options: [ProductAttribute("Size", ["S"])])],
                                         attributes: [ProductAttribute("Size", ["S"])])
            let dollars = Support.product("CAP")
            let fine = Support.product("SOCKS")
            let outcome = try connector.upsertProducts([first, second, dollars, fine],
                                                       prices: [Support.sku("CAP"): Support.price("CAP", "5.00", currency: .usd)])
            #expect(outcome.items.map(\.key) == ["HOOD-A", "HOOD-B", "CAP", "SOCKS"])
            #expect(outcome.succeeded.map(\.key) == ["HOOD-A", "SOCKS"])
            let failures = Dictionary(uniqueKeysWithValues: outcome.failed.map { ($0.key, $0.error) })
            #expect(failures["HOOD-B"]?.errorClass == .business)
            #expect(failures["HOOD-B"]?.message.contains("SKU HOOD-X") == true)
            #expect(failures["HOOD-B"]?.message.contains("product_invalid_sku") == true)
            #expect(failures["CAP"]?.message.contains("USD") == true)
            #expect(failures["CAP"]?.subject == "SKU CAP")
        }
    }

    @Test func takesADuplicateSKUAnswerToACreateAsTheRecordExisting() throws {
        try Support.withStore { store in
            let connector = try Support.connector(for: store)
            // Both are absent at the lookup; WooCommerce creates the first and answers the
            // second create with product_invalid_sku, as it does when another writer won a race.
            let outcome = try connector.upsertProducts([Support.product("LAMP", name: "Lamp"), Support.product("LAMP", name: "Lamp, brass")],
                                                       prices: [:])
            #expect(outcome.failed.isEmpty, "\(outcome.failed)")
            #expect(store.catalogue().keys.filter { $0 == "LAMP" }.count == 1)
            #expect(try connector.product(sku: Support.sku("LAMP"))?.name == "Lamp, brass")
        }
    }

    @Test func splitsABatchLargerThanTheBatchSize() throws {
        try Support.withStore { store in
            let connector = try Support.connector(for: store, settings: ["batch_size": "40"])
            let products = (0..<130).map { Support.product(String(format: "SKU-%03d", $0)) }
            let outcome = try connector.upsertProducts(products, prices: [:])
            #expect(outcome.succeeded.count == 130)
            #expect(store.requestLog.filter { $0 == "POST /wc/v3/products/batch" }.count == 4)
            #expect(store.catalogue().count == 130)
        }
    }

    @Test func setsStockOfProductsAndVariationsAndRefusesWhatItCannot() throws {
        try Support.withStore { store in
            let connector = try Support.connector(for: store)
            _ = try connector.upsertProducts([Support.product("MUG"), Self.shirt], prices: [:])
            let now = Date()
            func level(_ sku: String, _ quantity: Decimal, at location: String = "woocommerce") -> StockLevel {
                StockLevel(sku: Support.sku(sku), location: location, quantity: quantity, asOf: now)
            }
            let outcome = try connector.setStock([level("MUG", 7), level("SHIRT-M", 3), level("NOPE", 1), level("MUG", 2.5),
                                                  level("SHIRT-S", 1, at: "ST1")])
            #expect(outcome.items.map { (try? $0.result.get().action) ?? nil } == [.updated, .updated, nil, nil, nil])
            #expect(store.catalogue()["MUG"]?.stock == 7)
            #expect(store.catalogue()["SHIRT-M"]?.stock == 3)
            #expect(outcome.failed.map(\.key) == ["NOPE", "MUG", "SHIRT-S"])
            #expect(try connector.setStock([level("MUG", 7)]).succeeded.map(\.action) == [.unchanged])
        }
    }

    @Test func readsStockChangesOfProductsAndVariationsOnce() throws {
        try Support.withStore { store in
            let connector = try Support.connector(for: store)
            _ = try connector.upsertProducts([Support.product("MUG"), Self.shirt], prices: [:])
            store.clock.advance(seconds: 1)
            let now = Date()
            _ = try connector.setStock([StockLevel(sku: Support.sku("MUG"), location: "woocommerce", quantity: 7, asOf: now),
                                        StockLevel(sku: Support.sku("SHIRT-M"), location: "woocommerce", quantity: 3, asOf: now)])
            let first = try connector.stockChanges(since: nil, limit: 10)
            #expect(Set(first.records.map { "\($0.sku)=\($0.quantity)" }) == ["MUG=7", "SHIRT-M=3"])
            #expect(first.records.allSatisfy { $0.location == "woocommerce" && $0.asOf == store.clock.now })
            #expect(try connector.stockChanges(since: first.next, limit: 10).records.isEmpty)
            store.clock.advance(seconds: 1)
            _ = try connector.setStock([StockLevel(sku: Support.sku("SHIRT-M"), location: "woocommerce", quantity: 2, asOf: now)])
            #expect(try connector.stockChanges(since: first.next, limit: 10).records.map(\.quantity) == [2])
            let levels = try connector.stockLevels(skus: [Support.sku("MUG"), Support.sku("SHIRT-S"), Support.sku("NOPE")])
            #expect(levels.map(\.sku.text) == ["MUG"])
        }
    }

    @Test func createsACustomerOnceAndFindsItByEmailAfterwards() throws {
        try Support.withStore { store in
            let connector = try Support.connector(for: store)
            let ada = Customer(name: "Ada Lovelace", givenName: "Ada", familyName: "Lovelace", email: "ada@example.test",
                               addresses: [Address(lines: ["Street 1"], city: "Berlin", postalCode: "10115", country: CountryCode("DE")!)])
            #expect(try connector.upsertCustomer(ada).action == .created)
            #expect(try connector.upsertCustomer(ada).action == .unchanged)
            var moved = ada
            moved.addresses[0].city = "Hamburg"
            #expect(try connector.upsertCustomer(moved).action == .updated)
            let changes = try connector.customerChanges(since: nil, limit: 10)
            #expect(changes.records.map(\.email) == ["ada@example.test"])
            #expect(changes.records.first?.addresses.first?.city == "Hamburg")
            #expect(try connector.customerChanges(since: changes.next, limit: 10).records.isEmpty)
        }
    }

    @Test func completesAnOrderWithItsTrackingOnceAndOnlyOnce() throws {
        try Support.withStore { store in
            store.addProduct(sku: "MUG", name: "Mug")
            let id = store.addOrder(lines: [.init(sku: "MUG", quantity: 2, total: 20)])
            let connector = try Support.connector(for: store)
            let shipment = Shipment(externalIDs: [ExternalID(.trytonERP, "77")], orderNumber: String(id),
                                    lines: [.init(sku: Support.sku("MUG"), quantity: 2)], carrier: "DHL",
                                    tracking: [.init(number: "00340434", url: URL(string: "https://track.example/00340434"))],
                                    state: .shipped, shippedAt: Date())
            #expect(try connector.recordShipment(shipment).action == .updated)
            let state = try #require(store.orderState(id))
            #expect(state.status == "completed")
            #expect(state.notes.contains { $0.contains("00340434") && $0.contains("DHL") })
            #expect(try connector.recordShipment(shipment).action == .unchanged)
            #expect(store.orderState(id)?.notes.filter { $0.contains("00340434") }.count == 1)
        }
    }

    @Test func leavesAPartlyShippedOrderOpen() throws {
        try Support.withStore { store in
            store.addProduct(sku: "MUG", name: "Mug")
            let id = store.addOrder(lines: [.init(sku: "MUG", quantity: 2, total: 20)])
            let shipment = Shipment(orderNumber: String(id), lines: [.init(sku: Support.sku("MUG"), quantity: 1)],
                                    tracking: [.init(number: "1Z999")], state: .shipped, shippedAt: Date())
            let connector = try Support.connector(for: store)
            let outcome = try connector.recordShipment(shipment)
            #expect(outcome.action == .updated)
            #expect(store.orderState(id)?.status == "processing")
        }
    }
}
