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
        let tillDatabase = try TrytonERPConnector(configuration: FlowTestSystems.configuration(try FlowTestSystems.tryton("pos", warehouse: "ST1")), http: http)
        _ = try tillDatabase.upsertProducts([Product(sku: sku, name: "Inventory test mug")], prices: [sku: Price(sku: sku, list: price)])
        _ = try tillDatabase.receiveStock(sku: sku, quantity: 5)
        let till = try TrytonPOSConnector(configuration: FlowTestSystems.configuration(try FlowTestSystems.tryton("pos", warehouse: "ST1")), http: http)
        // The shop says 50, which nobody told it.
        let (store, shopValues) = try FlowTestSystems.store()
        defer { store.shutdown() }
        _ = store.addProduct(sku: sku.text, name: "Mug", regularPrice: "20.00", stock: 50)
        func shopStock() -> Int? { store.catalogue()[sku.text]?.stock }

        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let catalog = ConnectorCatalog.standard(runtime: .init(httpClient: http))
            let (flow, tillConnection) = try db.asCaller(admin) { (connection, caller) throws -> (CustomerFlow, Connection) in
                let customer = try Customers.create(NewCustomer(name: "Corner Shop"), by: caller, on: connection)
                let production = try #require(try Environments.list(customer: customer.id, for: admin, on: connection)
                    .first { $0.kind == .production })
                func connect(_ kind: ConnectorKind, _ name: String, _ values: [String: String]) throws -> Connection {
                    try Connections.create(NewConnection(environmentID: production.id, kind: kind, name: name, values: values),
                                           customer: customer.id, catalog: catalog, box: box, by: caller, on: connection)
                }
                let shop = try connect(.wooCommerce, "Web shop", shopValues)
                let ledger = try connect(.trytonERP, "ERP", try FlowTestSystems.tryton("erp"))
                let till = try connect(.trytonPOS, "Store till", try FlowTestSystems.tryton("pos", warehouse: "ST1"))
                let flow = try CustomerFlows.configure(FlowConfiguration(
                    environmentID: production.id, flow: .inventorySync, sourceConnectionID: ledger.id, targetConnectionID: shop.id,
                    options: [FlowOptions.posConnectionID: till.id.uuidString, FlowOptions.posLocation: "ST1",
                              FlowOptions.safetyStock: "2"]), customer: customer.id, by: caller, on: connection)
                return (flow, till)
            }
            // Switching the flow on scheduled its polls and its hourly comparison.
            #expect(try db.count("SELECT count(*) FROM job_schedules WHERE name LIKE \("flow:\(flow.id.uuidString.lowercased()):%")") == 2)

            var poller = FlowPoller(database: db.database, catalog: catalog, secretBox: box)
            poller.firstReadWindow = Date().timeIntervalSince(started) + 60
            let drain = JobDrain(owner: db.owner, handlers: [
                MessageProcessor(database: db.database, catalog: catalog, secretBox: box, steps: FlowHandlers.steps),
                poller, InventoryComparison(database: db.database, catalog: catalog, secretBox: box),
            ])
            func enqueue(_ kind: String) throws {
                try db.owner.transaction { connection in
                    _ = try JobQueue.insert(try NewJob(kind: kind, payload: FlowSchedules.Payload(partnerID: partner.id, flowID: flow.id),
                                                       partnerID: partner.id), now: Date(), on: connection)
                }
            }

            // 1. A poll reads the ERP's levels: the shop may sell 10 + 4 − 2 safety.
            try enqueue(FlowSchedules.pollKind)
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
            try enqueue(FlowSchedules.pollKind)
            try drain.run()
            #expect(shopStock() == 9)
            let tillMessages = try db.owner.query("""
                SELECT m.status FROM messages m JOIN message_ids i ON i.partner_id = m.partner_id AND i.message_id = m.id
                WHERE m.subject = 'till-sale' AND i.system = 'tryton-pos' AND i.external_id = \(sale.id)
                """).decode(String.self, column: "status")
            #expect(tillMessages == ["delivered"])

            // 3. An operator re-reads the till's window: the sale is read again and taken once.
            let cursor = try db.asCaller(admin) { connection, caller in
                try FlowCursors.reset(flow: flow.id, feed: .order, connection: tillConnection.id, to: started,
                                      catalog: catalog, by: caller, at: Date(), on: connection)
            }
            #expect(cursor.resetTo != nil)
            try enqueue(FlowSchedules.pollKind)
            try drain.run()
            #expect(shopStock() == 9)
            #expect(try db.count("SELECT count(*) FROM hub_stock_movements WHERE sku = \(sku.text)") == 1)
            #expect(try db.count("SELECT count(*) FROM audit_log WHERE action = 'flow.cursor.reset'") == 1)
            let cursors = try db.asCaller(admin) { try FlowCursors.list(flow: flow.id, for: $1.principal, on: $0) }
            #expect(Set(cursors.map(\.feed)) == [.stock, .order])
            #expect(cursors.allSatisfy { $0.polledAt != nil && $0.lastError == nil && $0.resetTo == nil })

            // 4. Someone sets 40 in the shop's admin; the full comparison puts back 9 and says so.
            let shop = try WooCommerceConnector(configuration: ConnectionConfiguration(
                settings: ["store_url": store.storeURL, "consumer_key": store.configuration.consumerKey],
                secrets: ["consumer_secret": store.configuration.consumerSecret]), client: http)
            _ = try shop.setStock([StockLevel(sku: sku, location: try #require(shop.singleStockLocation), quantity: 40, asOf: Date())])
            #expect(shopStock() == 40)
            try enqueue(FlowSchedules.compareKind)
            try drain.run()
            #expect(shopStock() == 9)
            let report = try db.owner.query("""
                SELECT output->'repaired'->>\(sku.text) AS repaired FROM messages WHERE subject = 'stock-comparison' AND status = 'delivered'
                """).decode(String?.self, column: "repaired")
            #expect(report == ["40 → 9"])
        }
    }
}
