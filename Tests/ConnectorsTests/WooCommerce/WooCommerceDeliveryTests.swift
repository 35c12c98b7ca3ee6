import Commerce
@testable import Connectors
import Foundation
import HTTP
import HTTPClient
import Logging
import Synchronization
import Testing
import WooCommerceSimulator

/// The simulated store's own webhook deliveries, received by our HTTP server and read by the
/// connector: the ping on creation, then signed deliveries of changes.
@Suite struct WooCommerceDeliveryTests {
    @Test func receivesThePingAndASignedDeliveryFromTheStore() throws {
        let received = Mutex<[WebhookDelivery]>([])
        let quiet = Logger(label: "woocommerce-receiver") { _ in SwiftLogNoOpLogHandler() }
        let router = Router(logger: quiet)
        router.post("/hooks/woo") { request in
            received.withLock { $0.append(WebhookDelivery(headers: request.headers.map { ($0.name, $0.value) }, body: request.body)) }
            return Response(status: .ok)
        }
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.eventLoopCount = 1
        configuration.handlerThreads = 2
        let receiver = HTTPServer(configuration: configuration, responder: router, logger: quiet)
        try receiver.start()
        defer { receiver.shutdown() }

        try WooCommerceTestSupport.withStore { store in
            let connector = try WooCommerceTestSupport.connector(for: store, webhookSecret: "s3cret&more")
            let body = try WooCommerceTransport.encode(["name": "Counterpart", "topic": "order.updated",
                                                        "delivery_url": "http://127.0.0.1:\(receiver.port)/hooks/woo", "secret": "s3cret&more"])
            let created = try connector.transport.send(.post, "/webhooks", json: body, while: "creating a webhook")
            #expect(created.status == 201)
            #expect(!created.text.contains("s3cret"))
            // The ping is sent before the 201 (deliver_ping runs synchronously).
            let ping = try #require(received.withLock { $0.first })
            #expect(try connector.receive(ping).action == .ping)

            store.addProduct(sku: "MUG", name: "Mug")
            let id = store.addOrder(lines: [.init(sku: "MUG", quantity: 1, total: 10)])
            store.clock.advance(seconds: 1)
            store.touchOrder(id)
            store.touchOrder(id)
            // Two saves while pending coalesce into one delivery.
            let reports = store.deliverPendingWebhooks()
            #expect(reports.map(\.status) == [200])
            let delivery = try #require(received.withLock { $0.last })
            let event = try connector.receive(delivery)
            #expect(event.topic == "order.updated")
            guard case .order(let order) = event.record else { Issue.record("no order"); return }
            #expect(order.number == String(id))
            let again = try connector.receive(delivery)
            #expect(event.replayKey == again.replayKey)
        }
    }
}
