import Connectors
import Flows
import Foundation
import HTTPClient
import Postgres
import Tenancy
import Testing
import TestSupport

/// Connections in PostgreSQL: checked against their connector's descriptor, secrets sealed,
/// sandbox and production kept apart, every change audited without secrets.
@Suite struct ConnectionsTests {
    let box = SecretBox(keyring: Keyring(current: .random()))
    static let secret = "whsec-connections-test-0001"

    static func catalog() throws -> ConnectorCatalog {
        ConnectorCatalog(entries: [
            .init(descriptor: OutboundWebhookConnector.descriptor) { configuration, runtime throws(ConnectorError) in
                try OutboundWebhookConnector(configuration: configuration, client: runtime.httpClient,
                                             retry: DeliveryRetryPolicy(maxAttempts: 1))
            },
        ], runtime: .init(httpClient: try HTTPClient()))
    }

    struct Fixture {
        let db: TenantTestDatabase
        let admin: Principal
        let customer: Customer
        let sandbox: Tenancy.Environment
        let production: Tenancy.Environment
    }

    func withCustomer(_ body: (Fixture) throws -> Void) throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            let customer = try db.asCaller(admin) { try Customers.create(NewCustomer(name: "Shop"), by: $1, on: $0) }
            let environments = try db.asCaller(admin) { connection, _ in
                try Environments.list(customer: customer.id, for: admin, on: connection)
            }
            try body(Fixture(db: db, admin: admin, customer: customer,
                             sandbox: try #require(environments.first { $0.kind == .sandbox }),
                             production: try #require(environments.first { $0.kind == .production })))
        }
    }

    func create(_ fixture: Fixture, in environment: Tenancy.Environment, name: String = "BI",
                url: String = "https://bi.example/hooks") throws -> Connection {
        let catalog = try Self.catalog()
        return try fixture.db.asCaller(fixture.admin) { connection, caller in
            try Connections.create(NewConnection(environmentID: environment.id, kind: .outboundWebhook, name: name,
                                                 values: ["url": url, "signing_secret": Self.secret]),
                                   customer: fixture.customer.id, catalog: catalog, box: box, by: caller, on: connection)
        }
    }

    @Test func storesSettingsInTheRowAndTheSecretSealedBesideIt() throws {
        try withCustomer { fixture in
            let created = try create(fixture, in: fixture.sandbox)
            #expect(created.settings == ["url": "https://bi.example/hooks", "timeout_seconds": "10", "max_attempts": "3"])
            #expect(created.secretFields == ["signing_secret"])
            #expect(created.environmentKind == .sandbox && created.status == .active)
            // Nowhere in PostgreSQL is the secret in clear: not in the row, the sealed box or the audit log.
            let rows = try fixture.db.owner.query("""
                SELECT (SELECT count(*) FROM connections WHERE settings::text LIKE '%whsec%'),
                       (SELECT count(*) FROM secrets WHERE purpose = \(created.secretPurpose("signing_secret"))
                            AND position(convert_to('whsec', 'UTF8') IN sealed) = 0),
                       (SELECT count(*) FROM audit_log WHERE after::text LIKE '%whsec%' OR before::text LIKE '%whsec%')
                """).single().decode((Int, Int, Int).self)
            #expect(rows == (0, 1, 0))
            let configuration = try fixture.db.asCaller(fixture.admin) { connection, caller in
                try Connections.configuration(of: created, box: box, for: caller.principal, on: connection)
            }
            #expect(configuration.secrets == ["signing_secret": Self.secret])
            #expect(!configuration.description.contains("whsec"))
        }
    }

    @Test func namesEveryRefusedFieldAndWritesNothing() throws {
        try withCustomer { fixture in
            let catalog = try Self.catalog()
            let error = #expect(throws: TenancyError.self) {
                try fixture.db.asCaller(fixture.admin) { connection, caller in
                    try Connections.create(NewConnection(environmentID: fixture.sandbox.id, kind: .outboundWebhook, name: "BI",
                                                         values: ["url": "ftp://bi.example", "max_attempts": "99", "colour": "red"]),
                                           customer: fixture.customer.id, catalog: catalog, box: box, by: caller, on: connection)
                }
            }
            guard case .invalid(let problems) = error else { Issue.record("expected invalid, got \(String(describing: error))"); return }
            #expect(problems.map(\.field).sorted() == ["colour", "max_attempts", "signing_secret", "url"])
            #expect(try fixture.db.owner.query("SELECT count(*) FROM connections").single().decode(Int.self) == 0)
            #expect(try fixture.db.owner.query("SELECT count(*) FROM secrets").single().decode(Int.self) == 0)
        }
    }

    @Test func refusesTheSameSystemInSandboxAndProduction() throws {
        try withCustomer { fixture in
            _ = try create(fixture, in: fixture.sandbox, url: "https://BI.example/hooks/")
            let error = #expect(throws: TenancyError.self) {
                try create(fixture, in: fixture.production, url: "https://bi.example:443/hooks")
            }
            guard case .conflict(let problem) = error else { Issue.record("expected conflict"); return }
            #expect(problem.field == "url")
            #expect(problem.message.contains("sandbox connection “BI”"))
            // Another system in production is fine.
            _ = try create(fixture, in: fixture.production, url: "https://bi-live.example/hooks")
        }
    }

    @Test func aFlowCannotUseAConnectionOfTheOtherEnvironment() throws {
        try withCustomer { fixture in
            let sandboxConnection = try create(fixture, in: fixture.sandbox)
            let error = #expect(throws: TenancyError.self) {
                try fixture.db.asCaller(fixture.admin) { connection, caller in
                    try Connections.usable(sandboxConnection.id, in: fixture.production.id, for: caller.principal, on: connection)
                }
            }
            #expect(error == .invalid("connection_id", "belongs to the sandbox environment; a production flow cannot use it"))
            // The database refuses a connection whose kind disagrees with its environment, whoever writes it.
            #expect(throws: PostgresError.self) {
                try fixture.db.owner.execute("""
                    UPDATE connections SET environment_kind = 'production' WHERE id = \(sandboxConnection.id)
                    """)
            }
        }
    }

    @Test func anEditKeepsTheStoredSecretWhenNoneIsGiven() throws {
        try withCustomer { fixture in
            let created = try create(fixture, in: fixture.sandbox)
            let catalog = try Self.catalog()
            let updated = try fixture.db.asCaller(fixture.admin) { connection, caller in
                try Connections.update(created.id, ConnectionChanges(name: "BI warehouse",
                                                                     values: ["timeout_seconds": "20", "signing_secret": ""]),
                                       catalog: catalog, box: box, by: caller, on: connection)
            }
            #expect(updated.name == "BI warehouse" && updated.settings["timeout_seconds"] == "20")
            let configuration = try fixture.db.asCaller(fixture.admin) { connection, caller in
                try Connections.configuration(of: updated, box: box, for: caller.principal, on: connection)
            }
            #expect(configuration.secrets["signing_secret"] == Self.secret)
        }
    }

    @Test func viewersReadButCannotChangeAndOtherPartnersSeeNothing() throws {
        try withCustomer { fixture in
            let created = try create(fixture, in: fixture.sandbox)
            let viewer = try fixture.db.makeUser(.customerViewer, partner: fixture.admin.partnerID, customer: fixture.customer.id)
            let seen = try fixture.db.asCaller(viewer) { connection, _ in
                try Connections.list(customer: fixture.customer.id, for: viewer, on: connection)
            }
            #expect(seen.map(\.id) == [created.id])
            #expect(throws: TenancyError.forbidden(.connectionsWrite)) {
                try fixture.db.asCaller(viewer) { try Connections.pause(created.id, reason: "no", by: $1, on: $0) }
            }
            let stranger = try fixture.db.makeUser(.partnerAdmin, partner: try fixture.db.makePartner().id)
            #expect(throws: TenancyError.notFound("connection")) {
                try fixture.db.asCaller(stranger) { connection, _ in try Connections.get(created.id, for: stranger, on: connection) }
            }
        }
    }

    @Test func aFailedTestIsRecordedWithWhatWentWrong() throws {
        try withCustomer { fixture in
            // Port 9 on loopback (discard) has no listener here: the connection is refused.
            let created = try create(fixture, in: fixture.sandbox, url: "http://127.0.0.1:9/hooks")
            let catalog = try Self.catalog()
            let configuration = try fixture.db.asCaller(fixture.admin) { connection, caller in
                try Connections.configuration(of: created, box: box, for: caller.principal, on: connection)
            }
            let result = ConnectionTestResult.run(kind: created.kind, configuration: configuration, catalog: catalog, now: Date())
            #expect(!result.succeeded && result.error?.errorClass == .transient)
            let recorded = try fixture.db.asCaller(fixture.admin) { try Connections.recordTest(created.id, result, by: $1, on: $0) }
            #expect(recorded.lastTest?.succeeded == false)
            #expect(recorded.lastTest?.summary.contains("Could not reach") == true)
        }
    }

    @Test func pausingNeedsAReasonAndStopsFlowsFromUsingIt() throws {
        try withCustomer { fixture in
            let created = try create(fixture, in: fixture.sandbox)
            #expect(throws: TenancyError.self) {
                try fixture.db.asCaller(fixture.admin) { try Connections.pause(created.id, reason: " ", by: $1, on: $0) }
            }
            let paused = try fixture.db.asCaller(fixture.admin) {
                try Connections.pause(created.id, reason: "Shop migrating", by: $1, on: $0)
            }
            #expect(paused.status == .paused && paused.pausedReason == "Shop migrating")
            #expect(throws: TenancyError.self) {
                try fixture.db.asCaller(fixture.admin) { connection, caller in
                    try Connections.usable(created.id, in: fixture.sandbox.id, for: caller.principal, on: connection)
                }
            }
            let resumed = try fixture.db.asCaller(fixture.admin) { try Connections.resume(created.id, by: $1, on: $0) }
            #expect(resumed.status == .active && resumed.pausedReason == nil)
        }
    }

    @Test func deletingRemovesTheSecretsToo() throws {
        try withCustomer { fixture in
            let created = try create(fixture, in: fixture.sandbox)
            try fixture.db.asCaller(fixture.admin) { try Connections.delete(created.id, by: $1, on: $0) }
            #expect(try fixture.db.owner.query("SELECT count(*) FROM secrets").single().decode(Int.self) == 0)
            let actions = try fixture.db.owner.query("""
                SELECT action FROM audit_log WHERE target_id = \(created.id.uuidString.lowercased()) ORDER BY id
                """).decode(String.self, column: "action")
            #expect(actions == ["connection.create", "connection.delete"])
        }
    }
}
