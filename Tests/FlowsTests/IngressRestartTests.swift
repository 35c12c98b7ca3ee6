import Flows
import Foundation
import HTTPClient
import Jobs
import Postgres
import Synchronization
import Tenancy
import Testing
import TestSupport

/// PostgreSQL restarted while webhooks arrive (issue 6, "Tests that must exist"): every delivery
/// that was answered 202 (`.accepted`) — or 200 for a repeat of one (`.duplicate`) — ends
/// processed. A delivery that failed while the server was away got no 202, so the shop sends it
/// again (WooCommerce retries failed deliveries), and it counts once it is answered.
///
/// It restarts the server with `COUNTERPART_TEST_PG_RESTART`, so it must run on its own:
/// `make test` skips it in the parallel run and runs it afterwards beside PostgresRestartTests
/// (Makefile, target test-restart). The flow's step is a double: the subject is the ingress and
/// the queue across the restart, and Tryton keeps its databases in the same cluster.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["COUNTERPART_TEST_PG_RESTART"]?.isEmpty == false,
                             "COUNTERPART_TEST_PG_RESTART is unset; make test-restart sets it"))
struct IngressRestartTests {
    static let orders = 300

    @Test(.timeLimit(.minutes(5)))
    func everyDeliveryAnsweredBeforeOrAfterARestartIsProcessed() throws {
        let command = try #require(ProcessInfo.processInfo.environment["COUNTERPART_TEST_PG_RESTART"])
        let http = try HTTPClient()
        try TenantTestDatabase.withSchema { db in
            // withSchema drops the schema on a connection the restart cut: drop it on a new one, last.
            defer {
                if let url = try? TenantTestDatabase.environment("DATABASE_OWNER_URL"),
                   let owner = try? PostgresConnection(configuration: PostgresConfiguration(url: url), logger: TenantTestDatabase.logger) {
                    _ = try? owner.runScript(unsafeSQL: "DROP SCHEMA IF EXISTS \(try owner.quoteIdentifier(db.schema)) CASCADE")
                }
            }
            let world = try OrderFlowWorld(db: db, erpURL: "http://127.0.0.1:9", registersItemInERP: false, http: http)
            let bodies = try world.placeOrders(Self.orders)
            // A pool that reconnects after the restart, for the workers and for reading the results.
            let connections = try PostgresPool(configuration: .init(connection: PostgresConfiguration(url: db.applicationURL),
                                                                    maximumConnections: 8), logger: TenantTestDatabase.logger)
            defer { connections.close() }
            let step = CountingDeliveryStep()
            let workers = try WorkerPool(database: connections,
                                         handlers: [MessageProcessor(database: TenantDatabase(pool: connections), catalog: world.catalog,
                                                                     secretBox: world.box, steps: [step])],
                                         configuration: WorkerPoolConfiguration(workers: 4, pollInterval: .milliseconds(200)),
                                         enterScope: { try $0.enter(.system) }, logger: TenantTestDatabase.logger)
            try workers.start()
            defer { workers.stop() }

            // The shop: delivers each order until it is answered, as WooCommerce retries a failed delivery.
            let answered = Mutex<Set<UUID>>([])
            let failures = Atomic<Int>(0)
            let halfway = NSCondition()
            let reachedThird = Atomic<Bool>(false)  // changed under halfway's lock
            let restarting = Atomic<Bool>(false)
            let ingress = WebhookIngress(database: db.database, catalog: world.catalog, secretBox: world.box)
            let token = world.token
            let shop = Thread {
                for (index, body) in bodies.enumerated() {
                    let delivery = OrderFlowWorld.delivery(of: body, deliveryID: "restart-\(index)")
                    let deadline = Date().addingTimeInterval(120)
                    while Date() < deadline {
                        switch try? ingress.receive(token: token, delivery: delivery) {
                        case .accepted(let id)?, .duplicate(let id)?:
                            answered.withLock { _ = $0.insert(id) }
                        default:
                            failures.add(1, ordering: .relaxed)
                            continue
                        }
                        break
                    }
                    if index == Self.orders / 3 {
                        // Hold until the restart is under way, so the rest of the deliveries meet it.
                        halfway.lock()
                        reachedThird.store(true, ordering: .sequentiallyConsistent)
                        halfway.broadcast()
                        while !restarting.load(ordering: .sequentiallyConsistent) { halfway.wait() }
                        halfway.unlock()
                    }
                }
            }
            shop.start()
            halfway.lock()
            while !reachedThird.load(ordering: .sequentiallyConsistent) { _ = halfway.wait(until: Date().addingTimeInterval(60)) }
            restarting.store(true, ordering: .sequentiallyConsistent)
            halfway.broadcast()
            halfway.unlock()
            #expect(try ShellCommand.run(command) == 0, "the restart command: \(command)")

            func read<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
                try connections.transaction { try $0.enter(.system); return try body($0) }
            }
            let deadline = Date().addingTimeInterval(180)
            var delivered: Set<UUID> = []
            while Date() < deadline {
                let ids = try? read { try $0.query("SELECT id FROM messages WHERE status = 'delivered'").decode(UUID.self, column: "id") }
                delivered = Set(ids ?? [])
                if answered.withLock({ $0.count }) == Self.orders, delivered.count >= Self.orders { break }
                _ = try? read { try $0.query("SELECT pg_sleep(0.2)") }
            }
            let accepted = answered.withLock { $0 }
            #expect(accepted.count == Self.orders, "every order was answered in the end")
            #expect(accepted.subtracting(delivered).isEmpty, "answered but never processed: \(accepted.subtracting(delivered).count)")
            #expect(Set(step.runs.all) == accepted, "each answered message ran")
            #expect(try read { try $0.query("SELECT count(*)::int8 FROM messages").single().decode(Int.self, at: 0) } == Self.orders,
                    "a repeated delivery made no second message")
            // The restart really cut deliveries off (else this proved nothing).
            #expect(failures.load(ordering: .relaxed) > 0)
        }
    }
}
