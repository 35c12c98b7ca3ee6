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

/// `returns` end to end against the real Tryton (`erp`, and the store's till in `pos`) and the
/// WooCommerce simulator, with the flows' own poller and processor run from the queue: a shop
/// refund becomes one return sale with its stock back however often it is read, a till return
/// becomes an ERP return, and an item the ERP does not know is an exception naming it.
@Suite(.enabled(if: FlowTestSystems.hasTryton, "COUNTERPART_TRYTON_URL is unset: run deploy/local/tryton.sh start and export its url"))
struct ReturnsFlowTests {
    let box = SecretBox(keyring: Keyring(current: .random()))

    /// The ERP's quantity of `sku` in warehouse WH.
    static func warehouseStock(_ erp: TrytonERPConnector, _ sku: SKU) throws -> Decimal? {
        try erp.stockLevels(skus: [sku]).first { $0.location == "WH" }?.quantity
    }

    /// The ERP's quantity of `sku` at the store ST1.
    static func storeStock(_ erp: TrytonERPConnector, _ sku: SKU) throws -> Decimal? {
        try erp.stockLevels(skus: [sku]).first { $0.location == "ST1" }?.quantity
    }

    @Test func aShopRefundBecomesOneReturnSaleWithItsStockBackHoweverOftenItArrives() throws {
        let started = Date()
        let sku = try SKU("RET-\(UUID().uuidString.prefix(8))")
        let http = try HTTPClient(configuration: .init(totalTimeout: .seconds(120)))
        let erpValues = try FlowTestSystems.tryton("erp", warehouse: "WH")
        let erp = try TrytonERPConnector(configuration: FlowTestSystems.configuration(erpValues), http: http)
        _ = try erp.upsertProducts([Product(sku: sku, name: "Returns test mug")],
                                   prices: [sku: Price(sku: sku, list: try #require(Money("20.00", .usd)))])
        _ = try erp.receiveStock(sku: sku, quantity: 5, warehouse: "WH")
        let (store, shopValues) = try FlowTestSystems.store()
        defer { store.shutdown() }
        _ = store.addProduct(sku: sku.text, name: "Mug", regularPrice: "20.00")
        let orderID = store.addOrder(lines: [.init(sku: sku.text, quantity: 2, total: 40)], email: "ret-\(sku.text.lowercased())@example.test")

        try TenantTestDatabase.withSchema { db in
            let catalog = ConnectorCatalog.standard(runtime: .init(httpClient: http))
            let customer = try ProductionCustomer(named: "Corner Shop", in: db, catalog: catalog, box: box)
            let shop = try customer.connect(.wooCommerce, "Web shop", shopValues)
            let ledger = try customer.connect(.trytonERP, "ERP", erpValues)
            let returns = try customer.switchOn(.returns, from: shop, to: ledger)
            var poller = FlowPoller(database: db.database, catalog: catalog, secretBox: box)
            poller.firstReadWindow = Date().timeIntervalSince(started) + 60
            let drain = JobDrain(owner: db.owner, handlers: [
                MessageProcessor(database: db.database, catalog: catalog, secretBox: box, steps: FlowHandlers.steps), poller,
            ])

            // 1. The order becomes a sale under order-to-erp's reference, as that step posts it
            // (its own poll cannot carry it here: OrderToERPStep reads webhook bodies only).
            let shopReader = try WooCommerceConnector(configuration: ConnectionConfiguration(
                settings: ["store_url": store.storeURL, "consumer_key": store.configuration.consumerKey],
                secrets: ["consumer_secret": store.configuration.consumerSecret]), client: http)
            let saleReference = OrderToERPStep.reference(shop: shop.id, order: String(orderID))
            _ = try erp.upsertOrder(try #require(try shopReader.order(id: String(orderID))), reference: saleReference)
            #expect(try erp.order(reference: saleReference)?.lines.first?.quantity == 2)
            let before = try #require(try Self.warehouseStock(erp, sku))

            // 2. One of the two is refunded in the shop: the returns poll books one return sale.
            store.addRefund(toOrder: orderID, amount: 20, quantity: 1, reason: "Chipped")
            let refundID = try #require(try shopReader.refunds(ofOrder: String(orderID)).first?.externalIDs.first?.id)
            try customer.enqueue(FlowSchedules.pollKind, for: returns)
            try drain.run()
            let reference = ReturnsStep.reference(shop: shop.id, order: String(orderID), refund: refundID)
            let polls = try db.owner.query("SELECT status, error_text FROM messages").decode((String, String?).self)
            let cursors = try db.owner.query("SELECT coalesce(last_error, 'none') FROM flow_cursors").decode(String.self)
            let returned = try #require(try erp.order(reference: reference), "returns: \(polls) \(cursors)")
            #expect(returned.lines.map(\.sku) == [sku])
            #expect(returned.lines.first?.quantity == -1)
            #expect(returned.lines.first?.unitPrice == Money("20.00", .usd))
            #expect(try erp.returnShipments(ofReference: reference).map(\.state) == ["done"])
            #expect(try Self.warehouseStock(erp, sku) == before + 1, "the returned unit is back in the warehouse")

            // 3. The same refund again: re-read after a cursor reset (one message on intake),
            // and arriving as a second message of its own (as a webhook would): still one return.
            _ = try db.asCaller(customer.admin) { connection, caller in
                try FlowCursors.reset(flow: returns.id, feed: .refund, connection: shop.id, to: started,
                                      catalog: catalog, by: caller, at: Date(), on: connection)
            }
            try customer.enqueue(FlowSchedules.pollKind, for: returns)
            try drain.run()
            let polled = try #require(try db.owner.query("""
                SELECT input::text FROM messages WHERE flow = 'returns' AND subject = 'refund'
                """).decode(String.self, column: "input").first)
            try db.database.transaction(.partner(customer.partnerID)) { connection in
                let intake = try Messages.receive(NewMessage(
                    customerID: customer.customerID, environmentID: customer.environmentID, flow: .returns, subject: "refund",
                    sourceSystem: "woocommerce", sourceConnectionID: shop.id, reference: String(orderID),
                    dedupKey: "second-delivery-\(refundID)", input: try MessagePayload(json: Array(polled.utf8)), externalIDs: []),
                    partnerID: customer.partnerID, at: Date(), on: connection)
                guard case .accepted(let message) = intake else { Issue.record("the second delivery was not taken"); return }
                try MessageJobs.enqueue(message, now: Date(), on: connection)
            }
            try drain.run()
            let outcomes = try db.owner.query("""
                SELECT status, output->>'action' AS action FROM messages WHERE flow = 'returns' ORDER BY received_at
                """).decode((String, String?).self)
            #expect(outcomes.map(\.0) == ["delivered", "delivered"])
            #expect(outcomes.map(\.1) == ["created", "unchanged"])
            #expect(try erp.client.search("sale.sale", [["reference", "=", .string(reference)]]).count == 1)
            #expect(try Self.warehouseStock(erp, sku) == before + 1, "received once")
        }
    }

    @Test func aTillReturnBecomesAnERPReturnSale() throws {
        let started = Date()
        let sku = try SKU("TRET-\(UUID().uuidString.prefix(8))")
        let http = try HTTPClient(configuration: .init(totalTimeout: .seconds(120)))
        let price = try #require(Money("20.00", .usd))
        // An ERP connection covering every warehouse, the store's among them.
        let erpValues = try FlowTestSystems.tryton("erp")
        let erp = try TrytonERPConnector(configuration: FlowTestSystems.configuration(erpValues), http: http)
        _ = try erp.upsertProducts([Product(sku: sku, name: "Till return mug")], prices: [sku: Price(sku: sku, list: price)])
        let before = try Self.storeStock(erp, sku) ?? 0
        let tillValues = try FlowTestSystems.tryton("pos", warehouse: "ST1")
        let tillDatabase = try TrytonERPConnector(configuration: FlowTestSystems.configuration(tillValues), http: http)
        _ = try tillDatabase.upsertProducts([Product(sku: sku, name: "Till return mug")], prices: [sku: Price(sku: sku, list: price)])
        let tillSale = try Self.ringUpReturn(of: sku, quantity: 2, price: "20.00", in: tillDatabase.client)

        try TenantTestDatabase.withSchema { db in
            let catalog = ConnectorCatalog.standard(runtime: .init(httpClient: http))
            let customer = try ProductionCustomer(named: "Corner Shop", in: db, catalog: catalog, box: box)
            let till = try customer.connect(.trytonPOS, "Store till", tillValues)
            let ledger = try customer.connect(.trytonERP, "ERP", erpValues)
            let returns = try customer.switchOn(.returns, from: till, to: ledger, options: [FlowOptions.posLocation: "ST1"])
            var poller = FlowPoller(database: db.database, catalog: catalog, secretBox: box)
            poller.firstReadWindow = Date().timeIntervalSince(started) + 60
            let drain = JobDrain(owner: db.owner, handlers: [
                MessageProcessor(database: db.database, catalog: catalog, secretBox: box, steps: FlowHandlers.steps), poller,
            ])
            try customer.enqueue(FlowSchedules.pollKind, for: returns)
            try drain.run()

            let reference = ReturnsStep.reference(pos: till.id, sale: String(tillSale))
            let returned = try #require(try erp.order(reference: reference))
            #expect(returned.lines.map(\.sku) == [sku])
            #expect(returned.lines.first?.quantity == -2)
            #expect(try Self.storeStock(erp, sku) == before + 2, "back at the till's store")
            let statuses = try db.owner.query("""
                SELECT status FROM messages WHERE flow = 'returns' AND reference IS NOT NULL
                """).decode(String.self, column: "status")
            #expect(statuses.contains("delivered"))
        }
    }

    @Test func aRefundOfAnItemTheERPDoesNotKnowIsAnExceptionNamingIt() throws {
        let sku = try SKU("GONE-\(UUID().uuidString.prefix(8))")
        let http = try HTTPClient(configuration: .init(totalTimeout: .seconds(120)))
        let erpValues = try FlowTestSystems.tryton("erp", warehouse: "WH")
        let (store, shopValues) = try FlowTestSystems.store()
        defer { store.shutdown() }

        try TenantTestDatabase.withSchema { db in
            let catalog = ConnectorCatalog.standard(runtime: .init(httpClient: http))
            let customer = try ProductionCustomer(named: "Corner Shop", in: db, catalog: catalog, box: box)
            let shop = try customer.connect(.wooCommerce, "Web shop", shopValues)
            let ledger = try customer.connect(.trytonERP, "ERP", erpValues)
            _ = try customer.switchOn(.returns, from: shop, to: ledger)
            let refund = Refund(externalIDs: [ExternalID(.wooCommerce, "991")], orderNumber: "990",
                                lines: [Refund.Line(sku: sku, quantity: 1, amount: try #require(Money("5.00", .usd)))],
                                amount: try #require(Money("5.00", .usd)), createdAt: Date())
            try db.database.transaction(.partner(customer.partnerID)) { connection in
                let intake = try Messages.receive(NewMessage(
                    customerID: customer.customerID, environmentID: customer.environmentID, flow: .returns, subject: "refund",
                    sourceSystem: "woocommerce", sourceConnectionID: shop.id, reference: "990", dedupKey: "refund-991",
                    input: try CanonicalPayload(subject: "refund", record: refund).payload(), externalIDs: []),
                    partnerID: customer.partnerID, at: Date(), on: connection)
                guard case .accepted(let message) = intake else { Issue.record("the refund was not taken"); return }
                try MessageJobs.enqueue(message, now: Date(), on: connection)
            }
            let drain = JobDrain(owner: db.owner, handlers: [
                MessageProcessor(database: db.database, catalog: catalog, secretBox: box, steps: FlowHandlers.steps),
            ])
            try drain.run()
            let rows = try db.owner.query("SELECT status, error_text FROM messages WHERE flow = 'returns'").decode((String, String?).self)
            #expect(rows.map(\.0) == ["exception"])
            #expect(rows.first?.1?.contains(sku.text) == true)
        }
    }

    /// Rings a return up at the till directly (the connector's `recordSale` takes sales only):
    /// a POS sale with a negative line, paid back in cash, processed and posted. Its id.
    static func ringUpReturn(of sku: SKU, quantity: Int, price: String, in client: TrytonClient) throws -> Int {
        let product = try #require(try client.search("product.product", [["code", "=", .string(sku.text)]], limit: 1).first)
        // The point the connection reads: the one selling from the store ST1's storage zone.
        let store = try #require(try client.searchRead("stock.location", [["code", "=", "ST1"], ["type", "=", "warehouse"]],
                                                       fields: ["storage_location"], limit: 1).first?.reference("storage_location"))
        let point = try #require(try client.search("sale.point", [["storage_location", "=", .int(store)]], limit: 1,
                                                   order: [("id", "ASC")]).first)
        // A till return moves goods from the customer to the point's return location, which
        // the seeded point leaves empty: the store's storage zone takes them back.
        if try client.read("sale.point", [point], fields: ["return_location"]).first?.reference("return_location") == nil {
            try client.write("sale.point", [point], ["return_location": .int(store)])
        }
        let amount = try #require(Decimal(string: price))
        let id = try client.create("sale.point.sale", [["point": .int(point), "lines": [["create", [[
            "product": .int(product), "quantity": .double(Double(-quantity)),
            "unit_list_price": .decimal(amount), "unit_gross_price": .decimal(amount),
        ]]]]]])[0]
        let due = try client.read("sale.point.sale", [id], fields: ["amount_to_pay"]).first?["amount_to_pay"]?.decimalValue ?? 0
        let cash = try #require(try client.searchRead("sale.point.payment.method", [], fields: ["name"])
            .first { ($0.text("name") ?? "").lowercased() == "cash" }?.id)
        _ = try client.create("sale.point.payment", [["sale": .int(id), "method": .int(cash), "amount": .decimal(due)]])
        try client.press("sale.point.sale", "process", [id])
        try client.press("sale.point.sale", "post", [id])
        return id
    }
}
