import Commerce
@testable import Connectors
import Foundation
import HTTPClient
import Testing
import WooCommerceSimulator

/// Reads against the simulated store: pagination, change cursors across second boundaries,
/// faults, authentication, the connection test.
@Suite struct WooCommerceReadTests {
    @Test func readsAThousandOrdersPageByPageEachExactlyOnce() throws {
        try WooCommerceTestSupport.withStore { store in
            store.addProduct(sku: "MUG", name: "Mug", regularPrice: "9.50")
            for index in 0..<1_000 {
                // Ten orders a second, as a busy shop's import would save them.
                if index % 10 == 0 { store.clock.advance(seconds: 1) }
                store.addOrder(lines: [.init(sku: "MUG", quantity: 1 + index % 3, total: Decimal(10 * (1 + index % 3)))])
            }
            let connector = try WooCommerceTestSupport.connector(for: store)
            var cursor: ChangeCursor?
            var numbers: [String] = []
            var pages = 0
            repeat {
                let page = try connector.orderChanges(since: cursor, limit: 100)
                numbers += page.records.map(\.number)
                cursor = page.next
                pages += 1
                if !page.hasMore { break }
            } while pages < 50
            #expect(numbers.count == 1_000)
            #expect(Set(numbers).count == 1_000)
            #expect(pages <= 12)
            // A read with nothing new returns nothing, and still nothing twice.
            #expect(try connector.orderChanges(since: cursor, limit: 100).records.isEmpty)
            let listRequests = store.requestLog.filter { $0 == "GET /wc/v3/orders" }
            #expect(listRequests.count < 40)
        }
    }

    @Test func returnsAnOrderSavedInTheSameSecondAsTheLastReadOnceAndASecondSaveAgain() throws {
        try WooCommerceTestSupport.withStore { store in
            store.addProduct(sku: "MUG", name: "Mug")
            let first = store.addOrder(lines: [.init(sku: "MUG", quantity: 1, total: 10)])
            let second = store.addOrder(lines: [.init(sku: "MUG", quantity: 2, total: 20)])
            let connector = try WooCommerceTestSupport.connector(for: store)
            let read = try connector.orderChanges(since: nil, limit: 10)
            #expect(read.records.map(\.number) == [String(first), String(second)])
            // Same second, after the read: modified_after is exclusive at one-second resolution.
            let third = store.addOrder(lines: [.init(sku: "MUG", quantity: 1, total: 10)])
            let next = try connector.orderChanges(since: read.next, limit: 10)
            #expect(next.records.map(\.number) == [String(third)])
            store.clock.advance(seconds: 1)
            store.touchOrder(first)
            let after = try connector.orderChanges(since: next.next, limit: 10)
            #expect(after.records.map(\.number) == [String(first)])
            #expect(try connector.orderChanges(since: after.next, limit: 10).records.isEmpty)
        }
    }

    @Test func reportsRateLimitingAsTransientWithRetryAfterThenSucceeds() throws {
        try WooCommerceTestSupport.withStore { store in
            store.addProduct(sku: "MUG", name: "Mug")
            store.addOrder(lines: [.init(sku: "MUG", quantity: 1, total: 10)])
            let connector = try WooCommerceTestSupport.connector(for: store)
            store.inject(.status(429, retryAfter: 7))
            let error = try #require(throws: ConnectorError.self) { try connector.orderChanges(since: nil, limit: 10) }
            #expect(error.errorClass == .transient)
            #expect(error.retryAfter == .seconds(7))
            #expect(error.upstream?.status == 429)
            #expect(try connector.orderChanges(since: nil, limit: 10).records.count == 1)
        }
    }

    @Test func reportsAServerErrorAsTransient() throws {
        try WooCommerceTestSupport.withStore { store in
            let connector = try WooCommerceTestSupport.connector(for: store)
            store.inject(.status(500))
            let error = try #require(throws: ConnectorError.self) { try connector.order(id: "12") }
            #expect(error.errorClass == .transient)
            #expect(try connector.order(id: "12") == nil)
        }
    }

    @Test func reportsADroppedConnectionAsTransientThenSucceeds() throws {
        try WooCommerceTestSupport.withStore({ $0.dropsConnections = true }) { store in
            let id = store.addOrder(lines: [.init(sku: "UNKNOWN", quantity: 1, total: 10)])
            let connector = try WooCommerceTestSupport.connector(for: store)
            store.inject(.drop)
            let error = try #require(throws: ConnectorError.self) { try connector.order(id: String(id)) }
            #expect(error.errorClass == .transient)
            #expect(try connector.order(id: String(id))?.number == String(id))
        }
    }

    @Test func reportsASlowAnswerPastTheClientTimeoutAsTransient() throws {
        try WooCommerceTestSupport.withStore { store in
            let client = try HTTPClient(configuration: .init(totalTimeout: .milliseconds(300)))
            let connector = try WooCommerceTestSupport.connector(for: store, client: client)
            store.inject(.delay(.seconds(3)))
            let error = try #require(throws: ConnectorError.self) { try connector.order(id: "12") }
            #expect(error.errorClass == .transient)
            #expect(error.message.contains("Timed out"))
        }
    }

    @Test func refusesAWrongSecretAsPermanentNamingTheKey() throws {
        try WooCommerceTestSupport.withStore { store in
            var configuration = WooCommerceTestSupport.configuration(for: store)
            configuration.secrets["consumer_secret"] = "cs_wrong"
            let connector = try WooCommerceConnector(configuration: configuration, client: HTTPClient(), clock: { store.clock.now })
            let error = try #require(throws: ConnectorError.self) { try connector.testConnection() }
            #expect(error.errorClass == .permanent)
            #expect(error.message.contains("consumer key"))
            #expect(error.upstream?.excerpt.contains("Invalid signature") == true)
            #expect(!error.description.contains("cs_wrong"))
        }
    }

    @Test func refusesAClockFarFromTheStoresAsTheStoreDoes() throws {
        try WooCommerceTestSupport.withStore { store in
            let skewed = store.clock.now.addingTimeInterval(3_600)
            let connector = try WooCommerceConnector(configuration: WooCommerceTestSupport.configuration(for: store), client: HTTPClient(),
                                                     clock: { skewed })
            let error = try #require(throws: ConnectorError.self) { try connector.order(id: "10") }
            #expect(error.upstream?.excerpt.contains("Invalid timestamp.") == true)
        }
    }

    @Test func testsTheConnectionAndReportsWhatTheStoreAnswered() throws {
        try WooCommerceTestSupport.withStore { store in
            store.addProduct(sku: "MUG", name: "Mug")
            store.addProduct(sku: "CUP", name: "Cup")
            let report = try WooCommerceTestSupport.connector(for: store).testConnection()
            #expect(report.summary == "Connected to WooCommerce 11.0.1 at \(store.storeURL)")
            let facts = Dictionary(uniqueKeysWithValues: report.facts.map { ($0.label, $0.value) })
            #expect(facts["Currency"] == "EUR")
            #expect(facts["Products"] == "2")
            #expect(facts["Authentication"] == "OAuth 1.0a (HMAC-SHA256) over plain http")
        }
    }

    @Test func sendsHTTPBasicOnHTTPSAndTheStoreAcceptsIt() throws {
        // Loopback has no TLS: the connector builds the https request, and it is sent over
        // plain http to a store that sees it as secure (WordPress behind a TLS proxy).
        try WooCommerceTestSupport.withStore({ $0.isSecure = true }) { store in
            store.addProduct(sku: "MUG", name: "Mug")
            var configuration = WooCommerceTestSupport.configuration(for: store)
            configuration.settings["store_url"] = store.storeURL.replacingOccurrences(of: "http://", with: "https://")
            let connector = try WooCommerceConnector(configuration: configuration, client: HTTPClient())
            var request = connector.transport.request(.get, "/products", query: [("per_page", "10")])
            #expect(request.headers["Authorization"] == "Basic " + Data("\(store.configuration.consumerKey):\(store.configuration.consumerSecret)".utf8).base64EncodedString())
            #expect(!request.url.contains("oauth_"))
            request.url = request.url.replacingOccurrences(of: "https://", with: "http://")
            let response = try HTTPClient().send(request)
            #expect(response.status == 200)
            #expect(response.headers["X-WP-Total"] == "1")
            // Basic with a wrong secret is refused as WooCommerce words it (capture 03).
            request.headers.replace(name: "Authorization", value: "Basic " + Data("\(store.configuration.consumerKey):cs_bad".utf8).base64EncodedString())
            let refused = try HTTPClient().send(request)
            #expect(refused.status == 401)
            #expect(WooCommerceErrorReply(refused)?.message == "Consumer secret is invalid.")
        }
    }

    @Test func doesNotAcceptBasicOnPlainHTTPAsWooCommerceDoesNot() throws {
        try WooCommerceTestSupport.withStore { store in
            var request = OutboundRequest(url: store.storeURL + "/wp-json/wc/v3/products")
            request.headers.append(name: "Authorization", value: "Basic " + Data("\(store.configuration.consumerKey):\(store.configuration.consumerSecret)".utf8).base64EncodedString())
            let response = try HTTPClient().send(request)
            #expect(response.status == 401)
            #expect(WooCommerceErrorReply(response)?.code == "woocommerce_rest_cannot_view")
        }
    }

    @Test func readsThroughPlainPermalinks() throws {
        try WooCommerceTestSupport.withStore { store in
            store.addProduct(sku: "MUG", name: "Mug")
            let connector = try WooCommerceTestSupport.connector(for: store, settings: ["permalinks": "plain"])
            #expect(try connector.product(sku: WooCommerceTestSupport.sku("MUG"))?.name == "Mug")
        }
    }

    @Test func readsTheRefundsOfAnOrder() throws {
        try WooCommerceTestSupport.withStore { store in
            store.addProduct(sku: "MUG", name: "Mug")
            let id = store.addOrder(status: "completed", lines: [.init(sku: "MUG", quantity: 2, total: 20)])
            store.clock.advance(seconds: 1)
            store.addRefund(toOrder: id, amount: 10, quantity: 1, reason: "damaged")
            let connector = try WooCommerceTestSupport.connector(for: store)
            let refunds = try connector.refunds(ofOrder: String(id))
            #expect(refunds.count == 1)
            #expect(refunds.first?.amount == Money("10.00", .eur))
            #expect(refunds.first?.lines == [Refund.Line(sku: WooCommerceTestSupport.sku("MUG"), quantity: 1, amount: Money("10.00", .eur)!)])
            #expect(refunds.first?.reason == "damaged")
        }
    }

    @Test func keepsItsCapabilitiesInStepWithTheProtocolsItAdopts() {
        let connector: any Connector.Type = WooCommerceConnector.self
        let descriptor = WooCommerceConnector.descriptor
        #expect((connector as? any ProductSource.Type != nil) == descriptor.can(.readChanges(.product)))
        #expect((connector as? any ProductTarget.Type != nil) == descriptor.can(.upsert(.product)))
        #expect((connector as? any StockTarget.Type != nil) == descriptor.can(.upsert(.stock)))
        #expect((connector as? any StockSource.Type != nil) == descriptor.can(.readChanges(.stock)))
        #expect((connector as? any OrderSource.Type != nil) == descriptor.can(.readChanges(.order)))
        #expect((connector as? any OrderTarget.Type != nil) == descriptor.can(.upsert(.order)))
        #expect((connector as? any RefundSource.Type != nil) == descriptor.can(.readOne(.refund)))
        #expect((connector as? any CustomerSource.Type != nil) == descriptor.can(.readChanges(.customer)))
        #expect((connector as? any CustomerTarget.Type != nil) == descriptor.can(.upsert(.customer)))
        #expect((connector as? any ShipmentTarget.Type != nil) == descriptor.can(.upsert(.shipment)))
        #expect((connector as? any WebhookReceiver.Type != nil) == descriptor.can(.webhooks))
        #expect((connector as? any PriceSource.Type != nil) == descriptor.can(.readChanges(.price)))
    }
}
