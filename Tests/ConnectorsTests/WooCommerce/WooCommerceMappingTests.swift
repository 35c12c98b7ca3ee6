import Commerce
@testable import Connectors
import Foundation
import HTTPClient
import Testing

/// Captured WooCommerce 11 answers (Fixtures/) read into Commerce, and the wire rules of
/// pagination, batches and change cursors checked on literal values.
@Suite struct WooCommerceMappingTests {
    static let settings = try! WooCommerceSettings(ConnectionConfiguration(
        settings: ["store_url": "https://shop.example", "consumer_key": "ck"], secrets: ["consumer_secret": "cs"]))

    @Test func mapsACapturedOrderWithItsLinesShippingAndPayment() throws {
        let wire = try JSONDecoder().decode(WireOrder.self, from: Data(WooCommerceTestSupport.capturedBody("44-order-get.json")))
        let order = try WooCommerceOrderMapping.order(wire)
        #expect(order.validate() == [])
        #expect(order.checkStatedTotals() == [])
        #expect(order.number == "23")
        #expect(order.status == .completed)
        #expect(order.currency == .eur)
        #expect(order.lines.map(\.sku?.text) == ["SKU-34d1a6-1", "SHIRT-34d1a6-S"])
        #expect(order.lines[0].unitPrice == Money("17.5", .eur))
        #expect(order.lines[0].externalIDs == [ExternalID(.wooCommerce, "6")])
        #expect(order.shippingLines.first?.amount == Money("4.90", .eur))
        #expect(order.payments.first?.method == "bacs")
        #expect(order.customer?.externalIDs == [ExternalID(.wooCommerce, "3")])
        #expect(order.customer?.email == "cust-34d1a6@example.test")
        #expect(try order.totals().total == Money("64.90", .eur))
    }

    @Test func mapsACapturedVariableProductWithItsVariations() throws {
        let parent = try JSONDecoder().decode(WireProduct.self, from: Data(WooCommerceTestSupport.capturedBody("22-variable-product-get.json")))
        let variations = try JSONDecoder().decode([WireProduct].self, from: Data(WooCommerceTestSupport.capturedBody("21-variations-list.json")))
        let product = try WooCommerceProductMapping.product(parent, variations: variations, settings: Self.settings)
        #expect(product.validate() == [])
        #expect(product.sku.text == "SHIRT-34d1a6")
        #expect(product.attributes == [ProductAttribute("Size", ["S", "M"])])
        #expect(Set(product.variants.map(\.sku.text)) == ["SHIRT-34d1a6-S", "SHIRT-34d1a6-M"])
        // The view context resolves a variation's `parent` tax class to the parent's (`""`).
        #expect(product.variants.allSatisfy { $0.options.count == 1 && $0.taxClass == .standard })
        let price = try WooCommerceProductMapping.price(variations[0], currency: .eur)
        #expect(price?.list.amount ?? 0 > 0)
    }

    @Test func mapsACapturedSimpleProductAndItsPrice() throws {
        let wire = try JSONDecoder().decode(WireProduct.self, from: Data(WooCommerceTestSupport.capturedBody("09-product-create.json")))
        let product = try WooCommerceProductMapping.product(wire, variations: [], settings: Self.settings)
        #expect(product.sku.text == "SKU-34d1a6-1")
        #expect(product.status == .active)
        #expect(product.taxClass == .standard)
        #expect(wire.managesStock && wire.stockQuantity == 10)
        #expect(try WooCommerceProductMapping.price(wire, currency: .eur)?.list == Money("19.99", .eur))
    }

    @Test func readsTheErrorBodyOfADuplicateSKU() throws {
        let response = OutboundResponse(status: 400, body: try WooCommerceTestSupport.capturedBody("12-product-duplicate-sku.json"))
        let reply = try #require(WooCommerceErrorReply(response))
        #expect(reply.isDuplicateSKU)
        #expect(reply.resourceID == 18)
        let error = WooCommerceErrorReply.classify(response, while: "creating a product")
        #expect(error.errorClass == .business)
        #expect(error.message.contains("product_invalid_sku: Invalid or duplicated SKU."))
    }

    @Test func classesStatusesAsTheWorkerPoolDecidesOnThem() throws {
        let refused = OutboundResponse(status: 401, body: Array(#"{"code":"woocommerce_rest_authentication_error","message":"Consumer secret is invalid.","data":{"status":401}}"#.utf8))
        let permanent = WooCommerceErrorReply.classify(refused, while: "reading orders")
        #expect(permanent.errorClass == .permanent)
        #expect(permanent.message.contains("consumer key"))
        let limited = OutboundResponse(status: 429, headers: ["Retry-After": "7"], body: [])
        #expect(WooCommerceErrorReply.classify(limited, while: "x").errorClass == .transient)
        #expect(WooCommerceErrorReply.classify(limited, while: "x").retryAfter == .seconds(7))
        let tooMany = OutboundResponse(status: 400, body: try WooCommerceTestSupport.capturedBody("14-products-per-page-101.json"))
        #expect(WooCommerceErrorReply.classify(tooMany, while: "x").message.contains("rest_invalid_param"))
        #expect(WooCommerceErrorReply.classify(OutboundResponse(status: 502), while: "x").errorClass == .transient)
    }

    @Test func findsTheNextPageInCapturedLinkHeaders() throws {
        let first = WooCommercePageInfo(try WooCommerceTestSupport.capturedHeaders("25-products-page1.json"))
        #expect(first.total == 4 && first.totalPages == 4 && first.nextPage == 2)
        #expect(first.hasPage(after: 1))
        let modified = WooCommercePageInfo(try WooCommerceTestSupport.capturedHeaders("26-products-modified-after.json"))
        #expect(modified.nextPage == 2)
        let orders = WooCommercePageInfo(try WooCommerceTestSupport.capturedHeaders("45-orders-list.json"))
        #expect(orders.nextPage == 2)
        #expect(WooCommercePageInfo.nextPage(inLink: #"<https://s/x?page=1>; rel="prev", <https://s/x?per_page=1&page=3>; rel="next""#) == 3)
        #expect(WooCommercePageInfo.nextPage(inLink: #"<http://127.0.0.1:8200/wp-json/>; rel="https://api.w.org/""#) == nil)
    }

    @Test func parsesAndWritesWooCommerceDatesExactly() throws {
        let stamp = try #require(WooCommerceTimestamp("2026-11-22T08:44:38"))
        #expect(stamp.description == "2026-11-22T08:44:38")
        #expect(stamp.date == ISO8601DateFormatter().date(from: "2026-11-22T08:44:38Z"))
        #expect(WooCommerceTimestamp("2024-02-29T23:59:59")?.adding(seconds: 1).description == "2024-03-01T00:00:00")
        #expect(WooCommerceTimestamp("2026-11-22 08:44") == nil)
    }
}
