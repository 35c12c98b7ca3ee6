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

/// A retailer whose old ERP drops CSV files on a real OpenSSH server, with a web shop on the
/// WooCommerce simulator: a file drop connection (`in/`, `in/processed`, `in/failed`, `out/`
/// under the server's root), a shop connection, the file drop owning items, prices and stock,
/// and the `file-drop` flow from the drop to the shop holding back a safety stock of 2.
struct FileDropWorld {
    static let mapping = "sku=Item No;name=Description;price=Price;sale_price=Sale;quantity=Qty;location=Store"

    let sshd: OpenSSHServer
    let store: WooCommerceSimulator
    let shopValues: [String: String]
    let customer: ProductionCustomer
    let drop: Connection
    let shop: Connection
    let flow: CustomerFlow
    let drain: JobDrain

    var db: TenantTestDatabase { customer.db }

    init(sshd: OpenSSHServer, store: WooCommerceSimulator, shopValues: [String: String], db: TenantTestDatabase,
         http: HTTPClient, box: SecretBox) throws {
        for directory in ["in", "in/processed", "in/failed", "out"] {
            try FileManager.default.createDirectory(atPath: sshd.path(directory), withIntermediateDirectories: true)
        }
        let catalog = ConnectorCatalog.standard(runtime: .init(httpClient: http))
        let customer = try ProductionCustomer(named: "Old Town Hardware", in: db, catalog: catalog, box: box)
        drop = try customer.connect(.fileDrop, "Legacy ERP drop", Self.dropValues(sshd))
        shop = try customer.connect(.wooCommerce, "Web shop", shopValues)
        try db.asCaller(customer.admin) { connection, caller in
            for domain in [HubDomain.items, .prices, .stock] {
                _ = try HubOwnership.assign(domain, to: [.fileDrop], customer: customer.customerID, environment: .production,
                                            by: caller, on: connection)
            }
        }
        flow = try customer.switchOn(.fileDrop, from: drop, to: shop, options: [FlowOptions.safetyStock: "2"])
        var poller = FlowPoller(database: db.database, catalog: catalog, secretBox: box)
        poller.firstReadWindow = 3600
        drain = JobDrain(owner: db.owner, handlers: [
            MessageProcessor(database: db.database, catalog: catalog, secretBox: box),
            FileDropIntake(database: db.database, catalog: catalog, secretBox: box), poller,
        ])
        self.sshd = sshd
        self.store = store
        self.shopValues = shopValues
        self.customer = customer
    }

    /// The drop's connection values: key login with the pinned host key, the world's
    /// directories and column names, prices in the shop's USD.
    static func dropValues(_ sshd: OpenSSHServer) -> [String: String] {
        ["host": "127.0.0.1", "port": String(sshd.port), "username": NSUserName(), "private_key": sshd.clientKey,
         "host_key_fingerprint": sshd.hostKeyFingerprint, "inbound_directory": sshd.path("in"),
         "outbound_directory": sshd.path("out"), "column_mapping": mapping, "currency": "USD"]
    }

    /// A file drop connector on the same server, to read what the flow wrote.
    func dropConnector() throws -> FileDropConnector {
        let values = Self.dropValues(sshd)
        return try FileDropConnector(configuration: ConnectionConfiguration(settings: values.filter { $0.key != "private_key" },
                                                                            secrets: ["private_key": sshd.clientKey]))
    }

    /// Drops `text` as `in/<name>` and runs the flow's file schedule's job and every job it
    /// queued; returns their outcomes.
    @discardableResult
    func dropAndRun(_ name: String, _ text: String) throws -> [JobOutcome] {
        try sshd.put("in/\(name)", Array(text.utf8))
        try customer.enqueue(FlowSchedules.filesKind, for: flow)
        return try drain.run()
    }

    /// The statuses of the flow's messages of `subject`, oldest first.
    func statuses(_ subject: String) throws -> [String] {
        try db.owner.query("""
            SELECT status FROM messages WHERE flow = 'file-drop' AND subject = \(subject) ORDER BY received_at, id
            """).decode(String.self, column: "status")
    }

    /// The shop's stock of `sku`.
    func shopStock(_ sku: String) -> Int? { store.catalogue()[sku]?.stock }

    /// Sets the shop's stock as someone in its admin would.
    func setShopStock(_ sku: String, _ quantity: Int, http: HTTPClient) throws {
        let admin = try WooCommerceConnector(configuration: ConnectionConfiguration(
            settings: ["store_url": store.storeURL, "consumer_key": store.configuration.consumerKey],
            secrets: ["consumer_secret": store.configuration.consumerSecret]), client: http)
        _ = try admin.setStock([StockLevel(sku: try SKU(sku), location: try #require(admin.singleStockLocation),
                                           quantity: Decimal(quantity), asOf: Date())])
    }
}
