public import Commerce
public import HTTPClient

/// Tryton's point of sale (module `sale_point`, its `pos` database): till sales read as orders,
/// by change cursor or by id; the till's catalogue written by SKU (`catalog-publish`), in the
/// same models and the same idempotent way as the ERP's. Recording a sale (``recordSale(_:)``) exists for tests and manual
/// corrections; it is not part of the seam because a POS sale has no field for our reference,
/// so a repeat would ring the sale up twice.
public struct TrytonPOSConnector: OrderSource, ProductTarget {
    /// Tryton's POS, declared as data.
    public static let descriptor = ConnectorDescriptor(
        kind: .trytonPOS,
        version: "1.0.0",
        displayName: "Tryton POS",
        protocolName: "Tryton JSON-RPC (trytond 8.x sale_point, POST /<database>/rpc/)",
        fields: TrytonConnectionFields.fields(
            defaultDatabase: "pos",
            warehouseHelp: "The code of the store's warehouse (e.g. ST1): the point of sale selling from its storage is used; empty: the first point of sale."),
        capabilities: [.testConnection, .readChanges(.order), .readOne(.order), .upsert(.product)],
        endpointFields: ["server_url", "database"]
    )

    /// The JSON-RPC client.
    public let client: TrytonClient

    /// A connector for a saved connection.
    ///
    /// - Throws: a permanent error naming a missing or malformed field.
    public init(configuration: ConnectionConfiguration, http: HTTPClient) throws(ConnectorError) {
        self.init(client: TrytonClient(settings: try TrytonSettings(configuration, descriptor: Self.descriptor), http: http))
    }

    /// A connector over an existing client.
    public init(client: TrytonClient) {
        self.client = client
    }

    private var sales: TrytonPOSSales {
        let catalog = TrytonCatalog(client: client)
        return TrytonPOSSales(client: client, catalog: catalog, taxes: TrytonTaxes(client: client))
    }

    /// Logs in and names the point of sale the connection reads.
    public func testConnection() throws(ConnectorError) -> ConnectionReport {
        try TrytonConnectionTest.run(client: client, system: "Tryton POS") { () throws(ConnectorError) -> [ConnectionReport.Fact] in
            [ConnectionReport.Fact("Point of sale", try sales.point().name)]
        }
    }

    /// Till sales of the point changed since the cursor (rung up, paid, posted, cancelled).
    public func orderChanges(since cursor: ChangeCursor?, limit: Int) throws(ConnectorError) -> ChangePage<Order> {
        let page = try sales.feed().page(since: cursor, limit: limit, client: client)
        return ChangePage(records: try sales.orders(page.records), next: page.next, hasMore: page.hasMore)
    }

    /// The till sale with that id, or nil.
    public func order(id: String) throws(ConnectorError) -> Order? {
        guard let id = Int(id) else { return nil }
        return try sales.orders(ids: [id]).first
    }

    /// Rings `order` up at the point of sale, pays it with its payments (matched to the POS's
    /// payment methods by name; none: cash for the amount due), processes and posts it. Not
    /// idempotent (see the type's comment). Returns the sale's id.
    public func recordSale(_ order: Order) throws(ConnectorError) -> ExternalID {
        ExternalID(.trytonPOS, String(try sales.record(order)))
    }

    /// Creates or updates the till's products and list prices by SKU: the POS database holds
    /// the same product models as the ERP's, written by the same code.
    public func upsertProducts(_ products: [Product], prices: [SKU: Price]) throws(ConnectorError) -> BatchOutcome {
        try TrytonERPConnector(client: client).upsertProducts(products, prices: prices)
    }
}
