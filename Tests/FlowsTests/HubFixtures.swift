import Commerce
import Flows
import Foundation
import Postgres
import Tenancy
import TestSupport

/// One partner's customer with a Tryton ERP, a WooCommerce shop and a Tryton till connected in
/// each environment, in a migrated schema of its own; the hub's writes run as the flow engine
/// does, in the partner's scope with no person behind them.
struct HubWorld {
    let db: TenantTestDatabase
    let partnerID: UUID
    let admin: Principal
    let customerID: UUID
    let production: HubScope
    let sandbox: HubScope
    /// Production connections.
    let erp: HubSource, shop: HubSource, till: HubSource
    /// Sandbox connections.
    let sandboxERP: HubSource, sandboxShop: HubSource

    static func with(_ body: (HubWorld) throws -> Void) throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let customer = try db.asCaller(admin) { try Customers.create(NewCustomer(name: "Shop"), by: $1, on: $0) }
            func source(_ kind: SystemKind, _ environment: Tenancy.Environment.Kind) throws -> HubSource {
                HubSource(system: kind, connectionID: try connection(db, partner.id, customer.id, kind, environment))
            }
            try body(HubWorld(
                db: db, partnerID: partner.id, admin: admin, customerID: customer.id,
                production: HubScope(partnerID: partner.id, customerID: customer.id, environment: .production),
                sandbox: HubScope(partnerID: partner.id, customerID: customer.id, environment: .sandbox),
                erp: try source(.trytonERP, .production), shop: try source(.wooCommerce, .production),
                till: try source(.trytonPOS, .production),
                sandboxERP: try source(.trytonERP, .sandbox), sandboxShop: try source(.wooCommerce, .sandbox)))
        }
    }

    /// A connection row made by the owner: the hub reads connections, it does not make them.
    static func connection(_ db: TenantTestDatabase, _ partnerID: UUID, _ customerID: UUID, _ kind: SystemKind,
                           _ environment: Tenancy.Environment.Kind, name: String? = nil) throws -> UUID {
        let name = name ?? "\(kind.rawValue) \(environment.rawValue)"
        return try db.owner.query("""
            INSERT INTO connections (partner_id, customer_id, environment_id, environment_kind, kind, name, endpoint)
            SELECT partner_id, customer_id, id, kind, \(kind.rawValue), \(name), \(kind.rawValue + " https://" + name + ".example/")
            FROM environments WHERE partner_id = \(partnerID) AND customer_id = \(customerID) AND kind = \(environment.rawValue)
            RETURNING id
            """).single().decode(UUID.self, at: 0)
    }

    /// Runs `body` as the flow engine: one transaction in the partner's scope.
    func engine<Result>(_ body: (PostgresConnection) throws -> Result) throws -> Result {
        try db.database.transaction(.partner(partnerID), body)
    }

    /// Rows of `table` as the owner sees them, whatever row-level security would show.
    func count(_ table: String) throws -> Int {
        try db.owner.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(try db.owner.quoteIdentifier(table))"))
            .single().decode(Int.self, at: 0)
    }
}

extension SKU {
    static func hub(_ text: String) -> SKU { try! SKU(text) }
}

extension Product {
    /// An item with its ERP id (`E-<sku>` unless given).
    static func hubItem(_ sku: String = "MUG-1", name: String = "Mug", erpID: String? = nil) -> Product {
        Product(sku: .hub(sku), externalIDs: [ExternalID(.trytonERP, erpID ?? "E-\(sku)")], name: name)
    }
}

extension Price {
    static func hubPrice(_ sku: String = "MUG-1", _ amount: String = "17.50", _ currency: CurrencyCode = .eur) -> Price {
        Price(sku: .hub(sku), list: Money(amount, currency)!)
    }
}

extension StockLevel {
    static let hubMorning = Date(timeIntervalSince1970: 1_795_000_000)

    static func hubLevel(_ quantity: Decimal, of sku: String = "MUG-1", at location: String = "ST1",
                         minutesAfterMorning minutes: Double) -> StockLevel {
        StockLevel(sku: .hub(sku), location: location, quantity: quantity, asOf: hubMorning.addingTimeInterval(minutes * 60))
    }
}

extension Order {
    static func hubOrder(wooID: String = "23", status: OrderStatus = .processing, quantity: Decimal = 2) -> Order {
        Order(number: "1001", externalIDs: [ExternalID(.wooCommerce, wooID)], status: status, currency: .eur,
              lines: [OrderLine(sku: .hub("MUG-1"), name: "Mug", quantity: quantity, unitPrice: Money("17.50", .eur)!)],
              createdAt: StockLevel.hubMorning)
    }
}
