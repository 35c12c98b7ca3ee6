import Connectors
import Flows
import Foundation
import Jobs
import Postgres
import Tenancy
import Testing
import TestSupport

/// A partner admin's new customer, wired up through the stores as the admin would in the
/// portal: connections in its production environment, and flows between them. For the
/// end-to-end flow tests.
struct ProductionCustomer {
    let db: TenantTestDatabase
    let admin: Principal
    let customerID: UUID
    let environmentID: UUID
    let catalog: ConnectorCatalog
    let box: SecretBox

    /// A customer named `name` of a new partner, in `db`.
    init(named name: String, in db: TenantTestDatabase, catalog: ConnectorCatalog, box: SecretBox) throws {
        let partner = try db.makePartner()
        let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
        let (customerID, environmentID) = try db.asCaller(admin) { (connection, caller) throws -> (UUID, UUID) in
            let customer = try Customers.create(NewCustomer(name: name), by: caller, on: connection)
            let production = try #require(try Environments.list(customer: customer.id, for: admin, on: connection)
                .first { $0.kind == .production })
            return (customer.id, production.id)
        }
        self.db = db
        self.admin = admin
        self.customerID = customerID
        self.environmentID = environmentID
        self.catalog = catalog
        self.box = box
    }

    var partnerID: UUID { admin.partnerID }

    /// A production connection to a system.
    func connect(_ kind: ConnectorKind, _ name: String, _ values: [String: String]) throws -> Connection {
        try db.asCaller(admin) { connection, caller in
            try Connections.create(NewConnection(environmentID: environmentID, kind: kind, name: name, values: values),
                                   customer: customerID, catalog: catalog, box: box, by: caller, on: connection)
        }
    }

    /// Switches a flow on in production.
    func switchOn(_ flow: FlowKind, from source: Connection, to target: Connection,
                  options: [String: String] = [:]) throws -> CustomerFlow {
        try db.asCaller(admin) { connection, caller in
            try CustomerFlows.configure(FlowConfiguration(environmentID: environmentID, flow: flow, sourceConnectionID: source.id,
                                                          targetConnectionID: target.id, options: options),
                                        customer: customerID, by: caller, on: connection)
        }
    }

    /// Enqueues one of the flow's scheduled jobs (a poll, a comparison) due now, as its
    /// schedule would.
    func enqueue(_ kind: String, for flow: CustomerFlow) throws {
        try db.owner.transaction { connection in
            _ = try JobQueue.insert(try NewJob(kind: kind, payload: FlowSchedules.Payload(partnerID: partnerID, flowID: flow.id),
                                               partnerID: partnerID), now: Date(), on: connection)
        }
    }
}
