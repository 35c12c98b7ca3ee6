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

/// One customer's `order-to-erp` flow wired for the fault tests: a WooCommerce simulator with an
/// item, the real Tryton (directly or behind a relay) knowing it, a partner, a customer, the
/// shop and ERP connections and the switched-on flow, and the shop's ingress token.
struct OrderFlowWorld {
    static let webhookSecret = "order-flow-world-secret"

    let db: TenantTestDatabase
    let store: WooCommerceSimulator
    let storeConfiguration: WooCommerceSimulator.Configuration
    let sku: String
    let http: HTTPClient
    let catalog: ConnectorCatalog
    let box: SecretBox
    /// The master key sealing the connections' secrets, as `COUNTERPART_MASTER_KEY` for a worker process.
    let masterKeyText: String
    let customerID: UUID
    let shopID: UUID
    let token: String

    static var trytonURL: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["COUNTERPART_TRYTON_URL"], !url.isEmpty else {
                throw TenancyError.invalid("COUNTERPART_TRYTON_URL", "is unset (make test sets it)")
            }
            return url
        }
    }

    static var trytonIsConfigured: Bool {
        ProcessInfo.processInfo.environment["COUNTERPART_TRYTON_URL"] != nil
            || ProcessInfo.processInfo.environment["COUNTERPART_REQUIRE_TRYTON"] == "1"
    }

    /// A client of the real Tryton's `erp` database, bypassing any relay (for counting sales).
    static func directERP(http: HTTPClient) throws -> TrytonClient {
        TrytonClient(settings: TrytonSettings(serverURL: try trytonURL, database: "erp", login: "admin", password: "admin"), http: http)
    }

    /// Builds the world in `db`; the flow's ERP connection talks to `erpURL` (the relay, or Tryton itself).
    /// With `registersItemInERP` false, Tryton is not called at all (for tests whose step is a double).
    init(db: TenantTestDatabase, erpURL: String, customerName: String = "Corner Shop", registersItemInERP: Bool = true,
         http: HTTPClient) throws {
        self.db = db
        self.http = http
        sku = "FAULT-\(UUID().uuidString.prefix(8))"
        let key = SymmetricKey.random()
        masterKeyText = Data(key.withUnsafeBytes { Array($0) }).base64EncodedString()
        box = SecretBox(keyring: Keyring(current: key))
        if registersItemInERP {
            // The ERP knows the item (set up directly, never through a relay).
            let erp = try TrytonERPConnector(configuration: ConnectionConfiguration(
                settings: ["server_url": try Self.trytonURL, "database": "erp", "login": "admin"], secrets: ["password": "admin"]), http: http)
            let item = try SKU(sku)
            _ = try erp.upsertProducts([Product(sku: item, name: "Fault test mug \(sku)")],
                                       prices: [item: Price(sku: item, list: try #require(Money("20.00", .usd)))])
        }
        var configuration = WooCommerceSimulator.Configuration()
        configuration.currency = "USD"
        storeConfiguration = configuration
        store = try WooCommerceSimulator(configuration: configuration, clock: .wall())
        _ = store.addProduct(sku: sku, name: "Mug", regularPrice: "20.00")
        let catalog = ConnectorCatalog.standard(runtime: .init(httpClient: http))
        self.catalog = catalog
        let partner = try db.makePartner()
        let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
        let box = self.box
        let store = self.store
        (customerID, shopID, token) = try db.asCaller(admin) { connection, caller in
            let customer = try Customers.create(NewCustomer(name: customerName), by: caller, on: connection)
            let production = try #require(try Environments.list(customer: customer.id, for: admin, on: connection)
                .first { $0.kind == .production })
            let shop = try Connections.create(NewConnection(
                environmentID: production.id, kind: .wooCommerce, name: "Web shop",
                values: ["store_url": store.storeURL, "consumer_key": configuration.consumerKey,
                         "consumer_secret": configuration.consumerSecret, "webhook_secret": Self.webhookSecret]),
                customer: customer.id, catalog: catalog, box: box, by: caller, on: connection)
            let ledger = try Connections.create(NewConnection(
                environmentID: production.id, kind: .trytonERP, name: "ERP",
                values: ["server_url": erpURL, "database": "erp", "login": "admin", "password": "admin"]),
                customer: customer.id, catalog: catalog, box: box, by: caller, on: connection)
            // Orders arrive by webhook only: the poll is scheduled once a year, so a worker process
            // under test runs no poll whose messages of the same orders would blur its counts
            // (webhook and poll overlapping is OverlappingMessagesTests' and bench-flow's subject).
            _ = try CustomerFlows.configure(FlowConfiguration(environmentID: production.id, flow: .orderToERP,
                                                              sourceConnectionID: shop.id, targetConnectionID: ledger.id,
                                                              options: [FlowOptions.pollCron: "0 0 1 1 *"]),
                                            customer: customer.id, by: caller, on: connection)
            return (customer.id, shop.id, try Connections.issueIngressToken(shop.id, by: caller, on: connection))
        }
    }

    /// The prefix of our references for this world's shop (`OrderToERPStep.reference`).
    var referencePrefix: String { OrderToERPStep.reference(shop: shopID, order: "") }

    /// Places `count` orders in the shop (each its own buyer, so no two race to create one
    /// party) and returns each order's body as the shop's API returns it.
    func placeOrders(_ count: Int) throws -> [[UInt8]] {
        try (0..<count).map { index in
            let id = store.addOrder(lines: [.init(sku: sku, quantity: 1 + index % 3, total: Decimal(20 * (1 + index % 3)))],
                                    email: "buyer-\(index)-\(sku.lowercased())@example.test")
            return try #require(store.orderBody(id))
        }
    }

    /// A delivery as the shop signs it (base64 HMAC-SHA256 of the raw body, WooCommerce's
    /// `X-WC-Webhook-Signature`).
    static func delivery(of body: [UInt8], deliveryID: String) -> WebhookDelivery {
        let signature = Data(HMAC.sha256(key: Array(webhookSecret.utf8), message: body)).base64EncodedString()
        return WebhookDelivery(headers: [
            (name: "Content-Type", value: "application/json"), (name: "X-WC-Webhook-Topic", value: "order.created"),
            (name: "X-WC-Webhook-Resource", value: "order"), (name: "X-WC-Webhook-Event", value: "created"),
            (name: "X-WC-Webhook-ID", value: "7"), (name: "X-WC-Webhook-Delivery-ID", value: deliveryID),
            (name: "X-WC-Webhook-Signature", value: signature),
        ], body: body)
    }

    /// Delivers each body through the webhook ingress; returns how many were accepted (202).
    func deliver(_ bodies: [[UInt8]], now: @escaping @Sendable () -> Date = { Date() }) throws -> Int {
        let ingress = WebhookIngress(database: db.database, catalog: catalog, secretBox: box, now: now)
        var accepted = 0
        for (index, body) in bodies.enumerated() {
            if case .accepted = try ingress.receive(token: token, delivery: Self.delivery(of: body, deliveryID: "\(sku)-\(index)-\(UUID().uuidString.prefix(8))")) {
                accepted += 1
            }
        }
        return accepted
    }

    /// Messages of this world's customer by status (read as the owner).
    func messageStatuses() throws -> [String: Int] {
        Dictionary(uniqueKeysWithValues: try db.owner.query("""
            SELECT status, count(*)::int8 FROM messages WHERE customer_id = \(customerID) GROUP BY status
            """).decode((String, Int).self))
    }

    /// How many sales Tryton holds under each of this world's references.
    func salesPerReference() throws -> [String: Int] {
        let erp = try Self.directERP(http: http)
        let records = try erp.searchRead("sale.sale", [["reference", "like", .string(referencePrefix + "%")]], fields: ["reference"])
        var counts: [String: Int] = [:]
        for record in records { counts[record.text("reference") ?? "", default: 0] += 1 }
        return counts
    }

    /// Polls (a database round trip each, no fixed sleep as the assertion) until `done` or `timeout`.
    func waitUntil(timeout: TimeInterval, _ done: () throws -> Bool) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try done() { return true }
            _ = try db.owner.query("SELECT pg_sleep(0.2)")
        }
        return try done()
    }
}
