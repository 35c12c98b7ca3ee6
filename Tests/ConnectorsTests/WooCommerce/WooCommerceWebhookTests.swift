import Commerce
@testable import Connectors
import HTTPClient
import Testing

/// Webhook deliveries captured from a real WooCommerce 11 store (Fixtures/*-webhook*.json,
/// secret `whsec-34d1a6`): verified byte for byte, refused when anything is off.
@Suite struct WooCommerceWebhookTests {
    func connector(secret: String? = WooCommerceTestSupport.capturedWebhookSecret) throws -> WooCommerceConnector {
        try WooCommerceConnector(
            configuration: ConnectionConfiguration(
                settings: ["store_url": "http://127.0.0.1:8200", "consumer_key": "ck_test"],
                secrets: ["consumer_secret": "cs_test"].merging(secret.map { ["webhook_secret": $0] } ?? [:]) { $1 }),
            client: HTTPClient())
    }

    @Test func acceptsACapturedOrderDeliveryAndReadsTheOrder() throws {
        let event = try connector().receive(WooCommerceTestSupport.capturedDelivery("order.created-webhook3.json"))
        #expect(event.topic == "order.created")
        #expect(event.action == .created)
        #expect(event.resource == .order)
        #expect(event.deliveryID == "9333c1b08f483061b8d3bc6aa94cfae8")
        guard case .order(let order) = event.record else { Issue.record("not an order: \(event.record)"); return }
        #expect(order.externalIDs.id(in: .wooCommerce) == "23")
        #expect(order.status == .processing)
        #expect(order.validate() == [])
        #expect(order.checkStatedTotals() == [])
    }

    @Test func acceptsCapturedProductDeliveriesForAProductAndAVariation() throws {
        let connector = try connector()
        let product = try connector.receive(WooCommerceTestSupport.capturedDelivery("product.updated-webhook4.json"))
        guard case .product(let mug) = product.record else { Issue.record("not a product: \(product.record)"); return }
        #expect(mug.sku.text == "SKU-34d1a6-1")
        // A variation's delivery carries the variation alone: it names its product to re-read.
        let variation = try connector.receive(WooCommerceTestSupport.capturedDelivery("product.updated-variation-webhook4.json"))
        #expect(variation.record == .reference(.product, ExternalID(.wooCommerce, "19")))
    }

    @Test func refusesADeliveryWhoseBodyWasChangedAfterSigning() throws {
        var delivery = try WooCommerceTestSupport.capturedDelivery("order.created-webhook3.json")
        let index = try #require(delivery.body.firstIndex(of: UInt8(ascii: "9")))
        delivery.body[index] = UInt8(ascii: "8")
        let error = try #require(throws: ConnectorError.self) { try connector().receive(delivery) }
        #expect(error.errorClass == .permanent)
        #expect(error.message.contains("signature does not match"))
    }

    @Test func refusesABadSignatureAndAWrongSecret() throws {
        var delivery = try WooCommerceTestSupport.capturedDelivery("order.created-webhook3.json")
        delivery.headers["x-wc-webhook-signature"] = "x4Yt7hOSlaDPCSyiUu5jcKcqAle12uGMBkqDhONbiwZ="
        #expect(throws: ConnectorError.self) { try connector().receive(delivery) }
        let original = try WooCommerceTestSupport.capturedDelivery("order.created-webhook3.json")
        #expect(throws: ConnectorError.self) { try connector(secret: "whsec-other").receive(original) }
    }

    @Test func refusesAnUnsignedDeliveryThatIsNotAPing() throws {
        var delivery = try WooCommerceTestSupport.capturedDelivery("order.created-webhook3.json")
        delivery.headers["x-wc-webhook-signature"] = nil
        let error = try #require(throws: ConnectorError.self) { try connector().receive(delivery) }
        #expect(error.message.contains("no X-WC-Webhook-Signature"))
        // A ping body with WooCommerce's headers still needs a signature.
        delivery.body = Array("webhook_id=3".utf8)
        #expect(throws: ConnectorError.self) { try connector().receive(delivery) }
    }

    @Test func answersTheCapturedPingAsAPing() throws {
        let event = try connector(secret: nil).receive(WooCommerceTestSupport.capturedDelivery("ping-webhook3.json"))
        #expect(event.action == .ping)
        #expect(event.record == .none)
    }

    @Test func givesTheSameReplayKeyToTheSameDeliveryTwice() throws {
        let connector = try connector()
        let first = try connector.receive(WooCommerceTestSupport.capturedDelivery("order.created-webhook3.json"))
        let again = try connector.receive(WooCommerceTestSupport.capturedDelivery("order.created-webhook3.json"))
        #expect(first.replayKey != nil)
        #expect(first.replayKey == again.replayKey)
    }

    @Test func tellsApartTwoDeliveriesThatShareADeliveryID() throws {
        // Both captures of webhook 4 came in the same second and carry the same delivery id.
        let product = try WooCommerceTestSupport.capturedDelivery("product.updated-webhook4.json")
        let variation = try WooCommerceTestSupport.capturedDelivery("product.updated-variation-webhook4.json")
        #expect(product[header: "X-WC-Webhook-Delivery-ID"] == variation[header: "X-WC-Webhook-Delivery-ID"])
        #expect(WooCommerceConnector.replayKey(for: product) != WooCommerceConnector.replayKey(for: variation))
    }

    @Test func signsWithTheSecretWooCommerceDecodesFromEntities() {
        #expect(WooCommerceWebhookVerifier.decodingEntities("a&amp;b&lt;c&#039;") == "a&b<c'")
        #expect(WooCommerceWebhookVerifier.decodingEntities("plain") == "plain")
    }
}
