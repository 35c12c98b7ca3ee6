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

/// `inventory-sync` end to end against the real Tryton (the ERP's `erp` database and the
/// store's till in `pos`) and the WooCommerce simulator, with the flow's own poller, processor
/// and full comparison run from the queue: ERP stock reaches the shop, a till sale lowers it
/// once however often it is read, and an edit in the shop's admin is repaired.
@Suite(.enabled(if: FlowTestSystems.hasTryton, "COUNTERPART_TRYTON_URL is unset: run deploy/local/tryton.sh start and export its url"))
struct InventorySyncFlowTests {
    let box = SecretBox(keyring: Keyring(current: .random()))

    @Test func erpStockAndATillSaleReachTheShopOnceAndDriftIsRepaired() throws {
        let started = Date()
        let sku = try SKU("INV-\(UUID().uuidString.prefix(8))")
        let http = try HTTPClient(configuration: .init(totalTimeout: .seconds(120)))
        // The ERP holds 10 in the warehouse and 4 in the store; the store's till knows the item.
        let erp = try TrytonERPConnector(configuration: FlowTestSystems.configuration(try FlowTestSystems.tryton("erp")), http: http)
        let price = try #require(Money("20.00", .usd))
        _ = try erp.upsertProducts([Product(sku: sku, name: "Inventory test mug")], prices: [sku: Price(sku: sku, list: price)])
        _ = try erp.receiveStock(sku: sku, quantity: 10, warehouse: "WH")
        _ = try erp.receiveStock(sku: sku, quantity: 4, warehouse: "ST1")
        let tillValues = try FlowTestSystems.tryton("pos", warehouse: "ST1")
        let tillDatabase = try TrytonERPConnector(configuration: FlowTestSystems.configuration(tillValues), http: http)
        _ = try tillDatabase.upsertProducts([Product(sku: sku, name: "Inventory test mug")], prices: [sku: Price(sku: sku, list: price)])
        _ = try tillDatabase.receiveStock(sku: sku, quantity: 5)
        let till = try TrytonPOSConnector(configuration: FlowTestSystems.configuration(tillValues), http: http)
        // The shop says 50, which nobody told it.
        let (store, shopValues) = try FlowTestSystems.store()
        defer { store.shutdown() }
        _ = store.addProduct(sku: sku.text, name: "Mug", regularPrice: "20.00", stock: 50)
        func shopStock() -> Int? { store.catalogue()[sku.text]?.stock }

        try TenantTestDatabase.withSchema { db in
            let catalog = ConnectorCatalog.standard(runtime: .init(httpClient: http))
            let customer = try ProductionCustomer(named: "Corner Shop", in: db, catalog: catalog, box: box)
            let shop = try customer.connect(.wooCommerce, "Web shop", shopValues)
            let ledger = try customer.connect(.trytonERP, "ERP", try FlowTestSystems.tryton("erp"))
            let tillConnection = try customer.connect(.trytonPOS, "Store till", tillValues)
            let flow = try customer.switchOn(.inventorySync, from: ledger, to: shop, options: [
                FlowOptions.posConnectionID: tillConnection.id.uuidString, FlowOptions.posLocation: "ST1", FlowOptions.safetyStock: "2",
            ])
            // Switching the flow on scheduled its polls and its hourly comparison.
            #expect(try db.count("SELECT count(*) FROM job_schedules WHERE name LIKE \("flow:\(flow.id.uuidString.lowercased()):%")") == 2)

            var poller = FlowPoller(database: db.database, catalog: catalog, secretBox: box)
            poller.firstReadWindow = Date().timeIntervalSince(started) + 60
            let drain = JobDrain(owner: db.owner, handlers: [
                MessageProcessor(database: db.database, catalog: catalog, secretBox: box, steps: FlowHandlers.steps),
                poller, InventoryComparison(database: db.database, catalog: catalog, secretBox: box),
            ])

            // 1. A poll reads the ERP's levels: the shop may sell 10 + 4 − 2 safety.
            try customer.enqueue(FlowSchedules.pollKind, for: flow)
            try drain.run()
            #expect(shopStock() == 12)
            let ourStatuses = { (subject: String) throws -> [String] in
                try db.owner.query("""
                    SELECT status FROM messages WHERE reference = \(sku.text) AND subject = \(subject) ORDER BY received_at
                    """).decode(String.self, column: "status")
            }
            #expect(try ourStatuses("stock-level").allSatisfy { $0 == "delivered" || $0 == "skipped" })
            #expect(try ourStatuses("stock-level").contains("delivered"))

            // 2. Three sold at the till: the next poll takes them off the shop, once.
            let sale = try till.recordSale(Order(number: "till", status: .completed, currency: .usd,
                                                 lines: [OrderLine(sku: sku, name: "Mug", quantity: 3, unitPrice: price)],
                                                 createdAt: Date()))
            try customer.enqueue(FlowSchedules.pollKind, for: flow)
            try drain.run()
            #expect(shopStock() == 9)
            let tillMessages = try db.owner.query("""
                SELECT m.status FROM messages m JOIN message_ids i ON i.partner_id = m.partner_id AND i.message_id = m.id
                WHERE m.subject = 'till-sale' AND i.system = 'tryton-pos' AND i.external_id = \(sale.id)
                """).decode(String.self, column: "status")
            #expect(tillMessages == ["delivered"])

            // 3. An operator re-reads the till's window: the sale is read again and taken once.
            let cursor = try db.asCaller(customer.admin) { connection, caller in
                try FlowCursors.reset(flow: flow.id, feed: .order, connection: tillConnection.id, to: started,
                                      catalog: catalog, by: caller, at: Date(), on: connection)
            }
            #expect(cursor.resetTo != nil)
            try customer.enqueue(FlowSchedules.pollKind, for: flow)
            try drain.run()
            #expect(shopStock() == 9)
            #expect(try db.count("SELECT count(*) FROM hub_stock_movements WHERE sku = \(sku.text)") == 1)
            #expect(try db.count("SELECT count(*) FROM audit_log WHERE action = 'flow.cursor.reset'") == 1)
            let cursors = try db.asCaller(customer.admin) { try FlowCursors.list(flow: flow.id, for: $1.principal, on: $0) }
            #expect(Set(cursors.map(\.feed)) == [.stock, .order])
            #expect(cursors.allSatisfy { $0.polledAt != nil && $0.lastError == nil && $0.resetTo == nil })

            // 4. Someone sets 40 in the shop's admin; the full comparison puts back 9 and says so.
            let shopAdmin = try WooCommerceConnector(configuration: ConnectionConfiguration(
                settings: ["store_url": store.storeURL, "consumer_key": store.configuration.consumerKey],
                secrets: ["consumer_secret": store.configuration.consumerSecret]), client: http)
            _ = try shopAdmin.setStock([StockLevel(sku: sku, location: try #require(shopAdmin.singleStockLocation), quantity: 40,
                                                   asOf: Date())])
            #expect(shopStock() == 40)
            try customer.enqueue(FlowSchedules.compareKind, for: flow)
            try drain.run()
            #expect(shopStock() == 9)
            let report = try db.owner.query("""
                SELECT output->'repaired'->>\(sku.text) AS repaired FROM messages WHERE subject = 'stock-comparison' AND status = 'delivered'
                """).decode(String?.self, column: "repaired")
            #expect(report == ["40 → 9"])
        }
    }
}
