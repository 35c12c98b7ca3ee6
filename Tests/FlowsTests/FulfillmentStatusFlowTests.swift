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

/// `fulfillment-status` end to end against the real Tryton ERP and the WooCommerce simulator,
/// with the flow's own poller and processor run from the queue: a shop order posted as a sale
/// under our reference and shipped in the ERP (assign, pick, pack, done, the carrier's number in
/// the shipment's `reference`) is completed in the shop with its tracking, once; sales that are
/// not this shop's are skipped with the reason; partial shipments each add their tracking and
/// the last completes the order.
@Suite(.enabled(if: FlowTestSystems.hasTryton, "COUNTERPART_TRYTON_URL is unset: run deploy/local/tryton.sh start and export its url"))
struct FulfillmentStatusFlowTests {
    let box = SecretBox(keyring: Keyring(current: .random()))

    /// One customer's shop and ERP with the flow switched on, the queue drained by hand, and an
    /// item both systems sell.
    struct World {
        let store: WooCommerceSimulator
        let shopReader: WooCommerceConnector
        let erp: TrytonERPConnector
        let customer: ProductionCustomer
        let shop: Connection
        let ledger: Connection
        let flow: CustomerFlow
        let drain: JobDrain
        let catalog: ConnectorCatalog
        let sku: SKU

        /// Enqueues the flow's poll and runs the queue until nothing is due.
        func poll() throws {
            try customer.enqueue(FlowSchedules.pollKind, for: flow)
            try drain.run()
        }

        /// A shop order of `quantity` of the item, posted to the ERP as a sale under `reference`
        /// (nil: ours, as order-to-erp makes it). Returns the shop's order id and the reference.
        func postedOrder(quantity: Int, reference: String? = nil) throws -> (id: Int, reference: String) {
            let id = store.addOrder(lines: [.init(sku: sku.text, quantity: quantity, total: Decimal(20 * quantity))],
                                    email: "buyer-\(sku.text.lowercased())@example.test")
            let order = try #require(try shopReader.order(id: String(id)))
            let reference = reference ?? OrderToERPStep.reference(shop: shop.id, order: order.number)
            _ = try erp.upsertOrder(order, reference: reference)
            return (id, reference)
        }

        /// Ships the sale's next open shipment in Tryton as a warehouse does — `assign_try`,
        /// `pick`, `pack`, `do` — with `tracking` typed into its `reference`. What stock cannot
        /// cover is left out (its unassigned move deleted), so Tryton makes a back-order
        /// shipment of the rest. Returns the shipment's id.
        func ship(_ reference: String, tracking: String?) throws -> Int {
            let client = erp.client
            let sale = try #require(try client.searchRead("sale.sale", [["reference", "=", .string(reference)]], fields: ["shipments"]).first)
            let open = try client.read("stock.shipment.out", sale["shipments"]?.idList ?? [], fields: ["state"])
                .filter { !["done", "cancelled"].contains($0.text("state") ?? "") }
            let shipment = try #require(open.first).id
            try client.press("stock.shipment.out", "assign_try", [shipment])
            let moves = try client.read("stock.shipment.out", [shipment], fields: ["inventory_moves"]).first?["inventory_moves"]?.idList ?? []
            let unassigned = try client.read("stock.move", moves, fields: ["state"]).filter { $0.text("state") == "draft" }.map(\.id)
            if !unassigned.isEmpty {
                _ = try client.execute("stock.move", "delete", [.ids(unassigned)])
                try client.press("stock.shipment.out", "assign_try", [shipment])
            }
            if let tracking { try client.write("stock.shipment.out", [shipment], ["reference": .string(tracking)]) }
            for step in ["pick", "pack", "do"] { try client.press("stock.shipment.out", step, [shipment]) }
            return shipment
        }

        /// The shipment messages of the sale under `reference`: status, skip reason or error, output.
        func messages(_ reference: String) throws -> [(status: String, text: String?, output: String?)] {
            try customer.db.owner.query("""
                SELECT status, error_text, output::text AS output FROM messages
                WHERE customer_id = \(customer.customerID) AND subject = 'shipment' AND reference = \(reference)
                ORDER BY received_at, id
                """).decode((String, String?, String?).self).map { (status: $0.0, text: $0.1, output: $0.2) }
        }

        /// The shop order's notes that carry a shipment (the status changes are notes too).
        func shipmentNotes(_ id: Int) -> [String] {
            (store.orderState(id)?.notes ?? []).filter { $0.contains("(Shipment ") }
        }
    }

    func withWorld(_ name: String, _ body: (World) throws -> Void) throws {
        let started = Date()
        let sku = try SKU("FUL-\(UUID().uuidString.prefix(8))")
        let http = try HTTPClient(configuration: .init(totalTimeout: .seconds(120)))
        let erp = try TrytonERPConnector(configuration: FlowTestSystems.configuration(try FlowTestSystems.tryton("erp")), http: http)
        _ = try erp.upsertProducts([Product(sku: sku, name: "Fulfilment test kettle \(sku)")],
                                   prices: [sku: Price(sku: sku, list: try #require(Money("20.00", .usd)))])
        let (store, shopValues) = try FlowTestSystems.store()
        defer { store.shutdown() }
        _ = store.addProduct(sku: sku.text, name: "Kettle", regularPrice: "20.00")
        let shopReader = try WooCommerceConnector(configuration: ConnectionConfiguration(
            settings: ["store_url": store.storeURL, "consumer_key": store.configuration.consumerKey],
            secrets: ["consumer_secret": store.configuration.consumerSecret]), client: http)

        try TenantTestDatabase.withSchema { db in
            let catalog = ConnectorCatalog.standard(runtime: .init(httpClient: http))
            let customer = try ProductionCustomer(named: name, in: db, catalog: catalog, box: box)
            let shop = try customer.connect(.wooCommerce, "Web shop", shopValues)
            let ledger = try customer.connect(.trytonERP, "ERP", try FlowTestSystems.tryton("erp"))
            let flow = try customer.switchOn(.fulfillmentStatus, from: ledger, to: shop)
            var poller = FlowPoller(database: db.database, catalog: catalog, secretBox: box)
            poller.firstReadWindow = Date().timeIntervalSince(started) + 60
            let drain = JobDrain(owner: db.owner, handlers: [
                MessageProcessor(database: db.database, catalog: catalog, secretBox: box, steps: FlowHandlers.steps), poller,
            ])
            try body(World(store: store, shopReader: shopReader, erp: erp, customer: customer, shop: shop, ledger: ledger, flow: flow,
                           drain: drain, catalog: catalog, sku: sku))
        }
    }

    @Test func aShippedSaleCompletesItsShopOrderWithTrackingOnceAndOtherSalesAreSkipped() throws {
        let started = Date()
        try withWorld("Kettle Shop") { world in
            let tag = world.sku.text.suffix(8).lowercased()
            let (orderID, ours) = try world.postedOrder(quantity: 2)
            // A phone order keyed in the ERP, and another shop's order with the same number.
            let (_, phone) = try world.postedOrder(quantity: 1, reference: "PHONE-\(tag)")
            let otherShop = OrderToERPStep.reference(shop: UUID(), order: String(orderID))
            _ = try world.erp.upsertOrder(try #require(try world.shopReader.order(id: String(orderID))), reference: otherShop)
            // Ours by its reference, but an order number the shop does not have.
            let unknown = OrderToERPStep.reference(shop: world.shop.id, order: "9\(orderID)99")
            _ = try world.erp.upsertOrder(try #require(try world.shopReader.order(id: String(orderID))), reference: unknown)
            _ = try world.erp.receiveStock(sku: world.sku, quantity: 10)
            let shipment = try world.ship(ours, tracking: "1Z\(tag)")
            _ = try world.ship(phone, tracking: "PH\(tag)")
            _ = try world.ship(otherShop, tracking: "OS\(tag)")
            _ = try world.ship(unknown, tracking: nil)

            try world.poll()
            #expect(world.store.orderState(orderID)?.status == "completed")
            #expect(world.shipmentNotes(orderID) == ["Shipped. Tracking: 1Z\(tag). (Shipment tryton-erp:\(shipment))"])
            let delivered = try world.messages(ours).filter { $0.status == "delivered" }
            #expect(delivered.count == 1)
            #expect(delivered.first?.output?.contains("1Z\(tag)") == true)
            #expect(try world.messages(ours).allSatisfy { $0.status == "delivered" || $0.status == "skipped" })
            // The shop order's id is the message's and the hub's cross-reference of our reference.
            #expect(try world.customer.db.count("""
                SELECT count(*) FROM message_ids i JOIN messages m ON m.partner_id = i.partner_id AND m.id = i.message_id
                WHERE m.reference = \(ours) AND m.status = 'delivered' AND i.system = 'woocommerce' AND i.external_id = \(String(orderID))
                """) == 1)
            #expect(try world.customer.db.count("""
                SELECT count(*) FROM hub_xrefs WHERE entity = 'order' AND key = \(ours) AND system = 'woocommerce'
                  AND connection_id = \(world.shop.id) AND external_id = \(String(orderID))
                """) == 1)

            // Not this shop's sales: skipped, each with its reason, and nothing written to the shop.
            #expect(try world.messages(phone).contains { $0.text?.contains("no shop order reference") == true })
            #expect(try world.messages(otherShop).contains { $0.text?.contains("another shop") == true })
            #expect(try (world.messages(phone) + world.messages(otherShop)).allSatisfy { $0.status == "skipped" })
            // An order number the shop does not know is an exception naming it.
            let missing = try world.messages(unknown).filter { $0.status == "exception" }
            #expect(missing.count == 1)
            #expect(missing.first?.text?.contains("no order 9\(orderID)99") == true)

            // Polling again, and re-reading the window, find the same shipment and write nothing.
            let afterFirst = try world.messages(ours).map(\.status)
            try world.poll()
            let cursor = try world.customer.db.asCaller(world.customer.admin) { connection, caller in
                try FlowCursors.reset(flow: world.flow.id, feed: .shipment, connection: world.ledger.id, to: started,
                                      catalog: world.catalog, by: caller, at: Date(), on: connection)
            }
            #expect(cursor.resetTo != nil)
            try world.poll()
            #expect(try world.messages(ours).map(\.status) == afterFirst)
            #expect(world.shipmentNotes(orderID).count == 1)

            // An operator's replay of the delivered message runs the step again: nothing changes.
            let original = try #require(try world.customer.db.owner.query("""
                SELECT id FROM messages WHERE reference = \(ours) AND status = 'delivered'
                """).decode(UUID.self, column: "id").first)
            _ = try world.customer.db.asCaller(world.customer.admin) { connection, caller in
                let message = try Messages.get(original, for: caller.principal, on: connection)
                return try Messages.replay(original, input: message.input, by: caller, at: Date(), on: connection)
            }
            try world.drain.run()
            let replayed = try #require(try world.messages(ours).last)
            #expect(replayed.status == "skipped")
            #expect(replayed.text?.contains("nothing changed") == true)
            #expect(world.shipmentNotes(orderID).count == 1)
            #expect(world.store.orderState(orderID)?.status == "completed")
        }
    }

    @Test func partialShipmentsEachAddTheirTrackingAndTheLastCompletesTheOrder() throws {
        try withWorld("Partial Kettles") { world in
            let tag = world.sku.text.suffix(8).lowercased()
            let (orderID, ours) = try world.postedOrder(quantity: 2)
            // One in stock: the first shipment takes it, and Tryton makes a back order of the other.
            _ = try world.erp.receiveStock(sku: world.sku, quantity: 1)
            let first = try world.ship(ours, tracking: "1Z\(tag)")
            try world.poll()
            #expect(world.store.orderState(orderID)?.status == "processing")
            #expect(world.shipmentNotes(orderID) == ["Shipped. Tracking: 1Z\(tag). (Shipment tryton-erp:\(first))"])

            // The rest leaves without a tracking number: the order is still completed, and says so.
            _ = try world.erp.receiveStock(sku: world.sku, quantity: 5)
            let second = try world.ship(ours, tracking: nil)
            #expect(second != first)
            try world.poll()
            #expect(world.store.orderState(orderID)?.status == "completed")
            #expect(world.shipmentNotes(orderID) == ["Shipped. Tracking: 1Z\(tag). (Shipment tryton-erp:\(first))",
                                                     "Shipped. (Shipment tryton-erp:\(second))"])
            let delivered = try world.messages(ours).filter { $0.status == "delivered" }
            #expect(delivered.count == 2)
            #expect(delivered.last?.output?.contains("no tracking number") == true)
            #expect(try world.messages(ours).allSatisfy { $0.status == "delivered" || $0.status == "skipped" })
        }
    }
}
