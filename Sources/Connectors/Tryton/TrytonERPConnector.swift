public import Commerce
public import Foundation
public import HTTPClient

/// Tryton as the ERP (its `erp` database): products by SKU with list prices, stock per
/// warehouse, customers, sale orders under our reference with their invoices and shipments.
/// Reads changes by `last_modified_at` (``TrytonChangeFeed``); writes are idempotent by SKU,
/// e-mail or our reference.
public struct TrytonERPConnector: ProductSource, PriceSource, StockSource, OrderSource, ShipmentSource,
    ProductTarget, StockTarget, CustomerTarget, OrderLedger {
    /// The JSON-RPC client (one session for the connector's calls).
    public let client: TrytonClient
    private let now: @Sendable () -> Date

    /// A connector for a saved connection.
    ///
    /// - Parameter now: the clock stock levels are stamped with (Tryton computes quantities at
    ///   the moment of the call).
    /// - Throws: a permanent error naming a missing or malformed field.
    public init(configuration: ConnectionConfiguration, http: HTTPClient,
                now: @escaping @Sendable () -> Date = { Date() }) throws(ConnectorError) {
        self.init(client: TrytonClient(settings: try TrytonSettings(configuration, descriptor: Self.descriptor), http: http), now: now)
    }

    /// A connector over an existing client.
    public init(client: TrytonClient, now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.now = now
    }

    private var catalog: TrytonCatalog { TrytonCatalog(client: client) }
    private var stock: TrytonStock { TrytonStock(client: client, catalog: catalog) }
    private var parties: TrytonParties { TrytonParties(client: client) }
    private var sales: TrytonSales {
        TrytonSales(client: client, catalog: catalog, parties: parties, taxes: TrytonTaxes(client: client))
    }

    /// Logs in and reads the server version, the company and the warehouses.
    public func testConnection() throws(ConnectorError) -> ConnectionReport {
        try TrytonConnectionTest.run(client: client, system: "Tryton ERP") { () throws(ConnectorError) -> [ConnectionReport.Fact] in
            [ConnectionReport.Fact("Warehouses", try TrytonWarehouse.covered(by: client).map(\.code).joined(separator: ", "))]
        }
    }

    // MARK: Products and prices

    /// Templates changed since the cursor, as products with their variants.
    public func productChanges(since cursor: ChangeCursor?, limit: Int) throws(ConnectorError) -> ChangePage<Product> {
        let page = try TrytonChangeFeed(model: "product.template", fields: ["id"]).page(since: cursor, limit: limit, client: client)
        return ChangePage(records: try catalog.products(templateIDs: page.records.map(\.id)), next: page.next, hasMore: page.hasMore)
    }

    /// The product whose variant has `sku` (product.product `code`), with all its variants.
    public func product(sku: SKU) throws(ConnectorError) -> Product? {
        try catalog.product(sku: sku)
    }

    /// List prices changed since the cursor, one per variant SKU, tax excluded. Read from the
    /// templates' feed: `product.list_price`, where Tryton keeps the price per company, is not
    /// callable over RPC (HTTP 403), while writing a template's `list_price` stamps the template.
    public func priceChanges(since cursor: ChangeCursor?, limit: Int) throws(ConnectorError) -> ChangePage<Price> {
        let session = try client.session()
        let page = try Self.priceFeed.page(since: cursor, limit: limit, client: client, context: ["company": .int(session.companyID)])
        let variants = try client.read("product.product", page.records.flatMap { $0["products"]?.idList ?? [] }, fields: ["code", "template"],
                                       context: ["active_test": false])
        var prices: [Price] = []
        for template in page.records {
            guard let amount = template["list_price"]?.decimalValue else { continue }
            for variant in variants where variant.reference("template") == template.id {
                guard let sku = variant.text("code").flatMap({ try? SKU($0) }) else { continue }
                prices.append(Price(sku: sku, list: Money(amount, session.currency), taxInclusion: .exclusive))
            }
        }
        return ChangePage(records: prices, next: page.next, hasMore: page.hasMore)
    }

    /// The templates, read for their list price (a feed of its own: its cursor is not the
    /// product feed's).
    static let priceFeed = TrytonChangeFeed(model: "product.template", fields: ["list_price", "products"])

    /// Creates or updates each product (template and variants) by SKU, item by item: a product
    /// Tryton refuses is reported and the others are written. A connection failure stops the batch.
    public func upsertProducts(_ products: [Product], prices: [SKU: Price]) throws(ConnectorError) -> BatchOutcome {
        let currency = try client.session().currency
        return try Self.itemByItem(products, key: \.sku.text) { product throws(ConnectorError) in
            let price = product.sellableSKUs.lazy.compactMap { prices[$0] }.first ?? prices[product.sku]
            return try catalog.upsert(product, price: price, currency: currency)
        }
    }

    // MARK: Stock

    /// Levels of the SKUs whose done stock moves changed since the cursor, per covered warehouse.
    public func stockChanges(since cursor: ChangeCursor?, limit: Int) throws(ConnectorError) -> ChangePage<StockLevel> {
        try stock.changes(since: cursor, limit: limit, asOf: now())
    }

    /// Quantities on hand of these SKUs at every covered warehouse.
    public func stockLevels(skus: [SKU]) throws(ConnectorError) -> [StockLevel] {
        try stock.levels(of: try catalog.variants(skus: skus), asOf: now())
    }

    /// Sets each level absolutely with a confirmed inventory of the warehouse's storage zone.
    public func setStock(_ levels: [StockLevel]) throws(ConnectorError) -> BatchOutcome {
        try Self.itemByItem(levels, key: { "\($0.sku)@\($0.location)" }) { level throws(ConnectorError) in try stock.set(level) }
    }

    /// Receives `quantity` of `sku` into a warehouse (its code; nil: the first covered one): a
    /// done `stock.move` from the supplier location to the warehouse's storage zone. Not
    /// idempotent — a goods receipt is an event, and each call books one.
    public func receiveStock(sku: SKU, quantity: Decimal, warehouse: String? = nil, unitCost: Money? = nil) throws(ConnectorError) -> ExternalID {
        ExternalID(.trytonERP, String(try stock.receive(sku: sku, quantity: quantity, into: warehouse, unitCost: unitCost)))
    }

    // MARK: Customers

    /// Creates the customer as a party with its addresses and contacts, or updates the party
    /// found by external id or e-mail.
    public func upsertCustomer(_ customer: Customer) throws(ConnectorError) -> UpsertOutcome {
        try parties.upsert(customer)
    }

    // MARK: Orders, invoices, shipments

    /// Creates and confirms a sale for the order under our reference, unless one exists.
    public func upsertOrder(_ order: Order, reference: String) throws(ConnectorError) -> UpsertOutcome {
        try sales.upsert(order, reference: reference)
    }

    /// The sale under our reference, or nil.
    public func order(reference: String) throws(ConnectorError) -> Order? {
        try sales.order(reference: reference)
    }

    /// The sales under `references`, and those under `prefix` whose sale date (a UTC day) falls
    /// in `window`, by reference: one `search_read` per 500 references, one for the prefix.
    public func orders(references: [String], orPrefix prefix: String, datedIn window: Range<Date>) throws(ConnectorError) -> [String: Order] {
        try sales.orders(references: references, orPrefix: prefix, datedIn: window)
    }

    /// Sales changed since the cursor.
    public func orderChanges(since cursor: ChangeCursor?, limit: Int) throws(ConnectorError) -> ChangePage<Order> {
        let page = try TrytonSales.feed.page(since: cursor, limit: limit, client: client)
        return ChangePage(records: try sales.orders(page.records), next: page.next, hasMore: page.hasMore)
    }

    /// The sale with that Tryton id, or nil.
    public func order(id: String) throws(ConnectorError) -> Order? {
        guard let id = Int(id) else { return nil }
        return try sales.orders(ids: [id]).first
    }

    /// The invoices of the sale under our reference (none for an unknown reference).
    public func invoices(ofOrderReference reference: String) throws(ConnectorError) -> [TrytonInvoice] {
        guard let id = try sales.saleID(reference: reference) else { return [] }
        let ids = try client.read("sale.sale", [id], fields: ["invoices"]).first?["invoices"]?.idList ?? []
        return try TrytonInvoice.read(ids, client: client)
    }

    /// The customer shipments of the sale under our reference.
    public func shipments(ofOrderReference reference: String) throws(ConnectorError) -> [Shipment] {
        guard let id = try sales.saleID(reference: reference) else { return [] }
        let ids = try client.read("sale.sale", [id], fields: ["shipments"]).first?["shipments"]?.idList ?? []
        return try TrytonShipments(client: client).shipments(ids: ids)
    }

    /// Customer shipments changed since the cursor.
    public func shipmentChanges(since cursor: ChangeCursor?, limit: Int) throws(ConnectorError) -> ChangePage<Shipment> {
        let page = try TrytonShipments.feed.page(since: cursor, limit: limit, client: client)
        return ChangePage(records: try TrytonShipments(client: client).shipments(page.records), next: page.next, hasMore: page.hasMore)
    }

    /// Runs `write` on each item: business errors are kept per item, other errors (the
    /// connection, Tryton down) end the batch, since the next item would meet them too.
    static func itemByItem<Item>(_ items: [Item], key: (Item) -> String,
                                 _ write: (Item) throws(ConnectorError) -> UpsertOutcome) throws(ConnectorError) -> BatchOutcome {
        var outcome = BatchOutcome()
        for item in items {
            do throws(ConnectorError) {
                outcome.items.append(.init(key: key(item), result: .success(try write(item))))
            } catch where error.errorClass == .business {
                outcome.items.append(.init(key: key(item), result: .failure(error)))
            }
        }
        return outcome
    }
}
