import Commerce
import Connectors
import Crypto
import Flows
import Foundation
import HTTPClient
import Jobs
import Postgres
import Tenancy
import Testing
import TestSupport
import WooCommerceSimulator

/// `order-to-erp` end to end against the WooCommerce simulator and the real Tryton: an order
/// placed in the shop arrives as a signed webhook, is stored and queued, and is processed into
/// a confirmed sale under our reference — once, however often the shop sends it.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["COUNTERPART_TRYTON_URL"] != nil
                || ProcessInfo.processInfo.environment["COUNTERPART_REQUIRE_TRYTON"] == "1",
                "COUNTERPART_TRYTON_URL is unset: run deploy/local/tryton.sh start and export its url"))
struct OrderToERPFlowTests {
    static let webhookSecret = "order-to-erp-webhook-secret"
    let box = SecretBox(keyring: Keyring(current: .random()))

    static var trytonURL: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["COUNTERPART_TRYTON_URL"], !url.isEmpty else {
                throw TenancyError.invalid("COUNTERPART_TRYTON_URL", "is unset (make test sets it)")
            }
            return url
        }
    }

    /// A delivery as the shop signs it (base64 HMAC-SHA256 of the raw body).
    static func delivery(of body: [UInt8], deliveryID: String) -> WebhookDelivery {
        let signature = Data(HMAC.sha256(key: Array(webhookSecret.utf8), message: body)).base64EncodedString()
        return WebhookDelivery(headers: [
            (name: "Content-Type", value: "application/json"), (name: "X-WC-Webhook-Topic", value: "order.created"),
            (name: "X-WC-Webhook-Resource", value: "order"), (name: "X-WC-Webhook-Event", value: "created"),
            (name: "X-WC-Webhook-ID", value: "7"), (name: "X-WC-Webhook-Delivery-ID", value: deliveryID),
            (name: "X-WC-Webhook-Signature", value: signature),
        ], body: body)
    }

    @Test func aShopOrderBecomesOneConfirmedSaleHoweverOftenItIsDelivered() throws {
        let sku = "FLOW-\(UUID().uuidString.prefix(8))"
        let http = try HTTPClient(configuration: .init(totalTimeout: .seconds(120)))
        let erpSettings = ["server_url": try Self.trytonURL, "database": "erp", "login": "admin"]
        // The ERP knows the item, priced in the company's currency.
        let erp = try TrytonERPConnector(configuration: ConnectionConfiguration(settings: erpSettings, secrets: ["password": "admin"]),
                                         http: http)
        let item = try SKU(sku)
        _ = try erp.upsertProducts([Product(sku: item, name: "Flow test mug \(sku)")],
                                   prices: [item: Price(sku: item, list: try #require(Money("20.00", .usd)))])
        // The shop sells it in the same currency; the store's order as its API returns it.
        var storeConfiguration = WooCommerceSimulator.Configuration()
        storeConfiguration.currency = "USD"
        let store = try WooCommerceSimulator(configuration: storeConfiguration, clock: SimulatedClock(start: Date()))
        defer { store.shutdown() }
        _ = store.addProduct(sku: sku, name: "Mug", regularPrice: "20.00")
        let orderID = store.addOrder(lines: [.init(sku: sku, quantity: 2, total: 40)], email: "ada-\(sku.lowercased())@example.test")
        let body = try #require(store.orderBody(orderID))

        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let catalog = ConnectorCatalog.standard(runtime: .init(httpClient: http))
            let token = try db.asCaller(admin) { connection, caller in
                let customer = try Customers.create(NewCustomer(name: "Corner Shop"), by: caller, on: connection)
                let production = try #require(try Environments.list(customer: customer.id, for: admin, on: connection)
                    .first { $0.kind == .production })
                let shop = try Connections.create(NewConnection(
                    environmentID: production.id, kind: .wooCommerce, name: "Web shop",
                    values: ["store_url": store.storeURL, "consumer_key": storeConfiguration.consumerKey,
                             "consumer_secret": storeConfiguration.consumerSecret, "webhook_secret": Self.webhookSecret]),
                    customer: customer.id, catalog: catalog, box: box, by: caller, on: connection)
                let ledger = try Connections.create(NewConnection(
                    environmentID: production.id, kind: .trytonERP, name: "ERP", values: erpSettings.merging(["password": "admin"]) { $1 }),
                    customer: customer.id, catalog: catalog, box: box, by: caller, on: connection)
                _ = try CustomerFlows.configure(FlowConfiguration(environmentID: production.id, flow: .orderToERP,
                                                                  sourceConnectionID: shop.id, targetConnectionID: ledger.id),
                                                customer: customer.id, by: caller, on: connection)
                return try Connections.issueIngressToken(shop.id, by: caller, on: connection)
            }
            let ingress = WebhookIngress(database: db.database, catalog: catalog, secretBox: box)
            let processor = MessageProcessor(database: db.database, catalog: catalog, secretBox: box)

            // The shop sends order.created, then again with another delivery id (a retry after a timeout).
            var messageIDs: [UUID] = []
            for deliveryID in ["d-1", "d-2"] {
                guard case .accepted(let id) = try ingress.receive(token: token, delivery: Self.delivery(of: body, deliveryID: deliveryID))
                else { Issue.record("delivery \(deliveryID) not accepted"); return }
                messageIDs.append(id)
                let jobs = try db.owner.transaction { connection in
                    try JobQueue.claim(kinds: [MessageJobs.kind], limit: 10, owner: "test",
                                       leaseUntil: Date().addingTimeInterval(300), now: Date(), on: connection)
                }
                #expect(jobs.count == 1)
                for job in jobs { #expect(try processor.run(job) == .completed) }
            }

            let statuses = try db.owner.query("SELECT status FROM messages ORDER BY received_at").decode(String.self, column: "status")
            let errors = try db.owner.query("SELECT error_text FROM messages").decode(String?.self, column: "error_text")
            #expect(statuses == ["delivered", "delivered"], "\(errors)")
            let outputs = try db.owner.query("SELECT output->>'action', output->>'reference' FROM messages ORDER BY received_at")
                .decode((String?, String?).self)
            #expect(outputs.map(\.0) == ["created", "unchanged"], "the second delivery finds the sale the first made")
            let reference = try #require(outputs.first?.1)
            let sale = try #require(try erp.order(reference: reference))
            #expect(sale.lines.map { $0.sku?.text } == [sku] && sale.lines.first?.quantity == 2)
            #expect(sale.status == .processing || sale.status == .confirmed)
            let saleIDs = try db.owner.query("""
                SELECT DISTINCT external_id FROM message_ids WHERE system = 'tryton-erp'
                """).decode(String.self, column: "external_id")
            #expect(saleIDs.count == 1, "both messages point at one sale")
            // Our reference is written back to the web order, once.
            #expect(store.orderMeta(orderID)["_counterpart_erp_reference"] == reference)
            let writeBacks = try db.owner.query("SELECT output->>'reference_on_order' FROM messages ORDER BY received_at")
                .decode(String?.self, column: "?column?")
            #expect(writeBacks == ["written", "already there"])
        }
    }
}
