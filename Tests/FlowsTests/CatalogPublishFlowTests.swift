import Commerce
import Connectors
import Flows
import Foundation
import HTTPClient
import Jobs
import Postgres
import Tenancy
import Testing
import TestSupport
import WooCommerceSimulator

/// `catalog-publish` end to end: an item and its price made in the real Tryton ERP appear in
/// the WooCommerce simulator after a poll; a poll with nothing new writes nothing; a price
/// change reaches the shop.
@Suite(.enabled(if: FlowTestSystems.hasTryton, "COUNTERPART_TRYTON_URL is unset: run deploy/local/tryton.sh start and export its url"))
struct CatalogPublishFlowTests {
    let box = SecretBox(keyring: Keyring(current: .random()))

    @Test func anERPItemAndItsPriceChangesReachTheShopOnlyWhenTheyChange() throws {
        let started = Date()
        let sku = try SKU("CAT-\(UUID().uuidString.prefix(8))")
        let http = try HTTPClient(configuration: .init(totalTimeout: .seconds(120)))
        let erp = try TrytonERPConnector(configuration: FlowTestSystems.configuration(try FlowTestSystems.tryton("erp")), http: http)
        func price(_ amount: String) throws -> [SKU: Price] { [sku: Price(sku: sku, list: try #require(Money(amount, .usd)))] }
        _ = try erp.upsertProducts([Product(sku: sku, name: "Catalogue test lamp")], prices: try price("24.00"))
        let (store, shopValues) = try FlowTestSystems.store()
        defer { store.shutdown() }
        func shopPrice() -> Decimal? { store.catalogue()[sku.text].flatMap { Decimal(string: $0.regularPrice) } }

        try TenantTestDatabase.withSchema { db in
            let catalog = ConnectorCatalog.standard(runtime: .init(httpClient: http))
            let customer = try ProductionCustomer(named: "Lamp Shop", in: db, catalog: catalog, box: box)
            let ledger = try customer.connect(.trytonERP, "ERP", try FlowTestSystems.tryton("erp"))
            let flow = try customer.switchOn(.catalogPublish, from: ledger, to: try customer.connect(.wooCommerce, "Web shop", shopValues))
            var poller = FlowPoller(database: db.database, catalog: catalog, secretBox: box)
            poller.firstReadWindow = Date().timeIntervalSince(started) + 60
            let drain = JobDrain(owner: db.owner, handlers: [
                MessageProcessor(database: db.database, catalog: catalog, secretBox: box, steps: FlowHandlers.steps), poller,
            ])
            func poll() throws {
                try customer.enqueue(FlowSchedules.pollKind, for: flow)
                try drain.run()
            }
            func ours() throws -> [String] {
                try db.owner.query("SELECT subject || ':' || status AS s FROM messages WHERE reference = \(sku.text) ORDER BY received_at, subject")
                    .decode(String.self, column: "s")
            }

            try poll()
            #expect(shopPrice() == 24)
            #expect(try ours().contains("product:delivered"))
            let afterFirst = try ours()

            // Nothing changed in the ERP: the next poll takes no new message for the item.
            try poll()
            #expect(try ours() == afterFirst)

            // A new list price reaches the shop.
            _ = try erp.upsertProducts([Product(sku: sku, name: "Catalogue test lamp")], prices: try price("26.50"))
            try poll()
            #expect(shopPrice() == Decimal(string: "26.50"))
            #expect(try ours().filter { $0.hasSuffix(":exception") || $0.hasSuffix(":dead") }.isEmpty)
        }
    }
}
