import Connectors
import Flows
import Foundation
import HTTPClient
import Tenancy
import Testing
import TestSupport

/// A customer with a shop and an ERP connection in each environment (not reachable: nothing
/// here calls them), for tests of how flows are switched on, configured and promoted.
struct TwoEnvironmentWorld {
    let db: TenantTestDatabase
    let admin: Principal
    let customer: Customer
    let sandbox: Tenancy.Environment
    let production: Tenancy.Environment
    let shop: [Tenancy.Environment.Kind: Connection]
    let erp: [Tenancy.Environment.Kind: Connection]

    /// Runs `body` with a fresh world in its own schema.
    static func with(box: SecretBox, _ body: (TwoEnvironmentWorld) throws -> Void) throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let catalog = ConnectorCatalog.standard(runtime: .init(httpClient: try HTTPClient()))
            let world = try db.asCaller(admin) { connection, caller in
                let customer = try Customers.create(NewCustomer(name: "Shop"), by: caller, on: connection)
                let environments = try Environments.list(customer: customer.id, for: admin, on: connection)
                var shop: [Tenancy.Environment.Kind: Connection] = [:], erp: [Tenancy.Environment.Kind: Connection] = [:]
                for environment in environments {
                    shop[environment.kind] = try Connections.create(NewConnection(
                        environmentID: environment.id, kind: .wooCommerce, name: "Shop",
                        values: ["store_url": "https://\(environment.kind.rawValue).shop.test", "consumer_key": "ck",
                                 "consumer_secret": "cs"]),
                        customer: customer.id, catalog: catalog, box: box, by: caller, on: connection)
                    erp[environment.kind] = try Connections.create(NewConnection(
                        environmentID: environment.id, kind: .trytonERP, name: "ERP",
                        values: ["server_url": "http://erp.test:8000", "database": "erp-\(environment.kind.rawValue)",
                                 "login": "admin", "password": "secret"]),
                        customer: customer.id, catalog: catalog, box: box, by: caller, on: connection)
                }
                return TwoEnvironmentWorld(db: db, admin: admin, customer: customer,
                             sandbox: try #require(environments.first { $0.kind == .sandbox }),
                             production: try #require(environments.first { $0.kind == .production }), shop: shop, erp: erp)
            }
            try body(world)
        }
    }
}
