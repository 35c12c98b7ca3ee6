import Flows
import Foundation
import HTTPClient
import Jobs
import Postgres
import Tenancy
import Testing
import TestSupport

/// Exactly once while Tryton misbehaves (issue 6, "Tests that must exist"): the flow's ERP
/// connection goes through a ``FaultInjectingRelay`` that answers a seeded share of requests with
/// 500, 503 or 429 (Retry-After), refuses them, or loses Tryton's answer after Tryton acted on it
/// (a timeout after the commit, the hard case for exactly once). A worker pool works 40 orders;
/// every one must end delivered, as exactly one sale in Tryton.
///
/// The rate is per HTTP request. One order's attempt makes about ten JSON-RPC requests (a log-in
/// and the company, as each message's connector logs in anew; look the sale up, the party, its
/// addresses, the items; create; read its state; quote; confirm), so failing 5% of requests
/// fails a third or more of the attempts — the "30% of calls" read per attempt. Failing
/// 30% of requests would fail about 97% of attempts, and a message is rightly dead after its 10
/// attempts; the test measures and asserts the share of attempts that failed instead.
@Suite(.enabled(if: OrderFlowWorld.trytonIsConfigured, "COUNTERPART_TRYTON_URL is unset: run deploy/local/tryton.sh start and export its url"))
struct UpstreamFaultTests {
    static let orders = 40
    /// Change to reproduce another sequence; a failure names the seed.
    static let seed: UInt64 = 0xC0FFEE_2026

    @Test(.timeLimit(.minutes(10)))
    func everyOrderIsDeliveredOnceWhileTrytonFailsAThirdOfTheAttempts() throws {
        let relay = try FaultInjectingRelay(upstream: try OrderFlowWorld.trytonURL, seed: Self.seed, faultRate: 0.05, faults: [
            .status(500), .status(503), .status(429, retryAfter: 1), .answerLost, .refused,
        ])
        defer { relay.stop() }
        let http = try HTTPClient(configuration: .init(totalTimeout: .seconds(60)))
        try TenantTestDatabase.withSchema { db in
            let world = try OrderFlowWorld(db: db, erpURL: relay.url, http: http)
            #expect(try world.deliver(try world.placeOrders(Self.orders)) == Self.orders)
            // A pool of its own, sized as a worker process's: 4 workers, the dispatcher, maintenance.
            let connections = try PostgresPool(configuration: .init(connection: PostgresConfiguration(url: db.applicationURL),
                                                                    maximumConnections: 8), logger: TenantTestDatabase.logger)
            defer { connections.close() }
            let pool = try WorkerPool(database: connections,
                                      handlers: [MessageProcessor(database: TenantDatabase(pool: connections), catalog: world.catalog,
                                                                  secretBox: world.box)],
                                      configuration: WorkerPoolConfiguration(workers: 4, pollInterval: .milliseconds(200)),
                                      enterScope: { try $0.enter(.system) }, logger: TenantTestDatabase.logger)
            try pool.start()
            defer { pool.stop() }

            let finished = try world.waitUntil(timeout: 540) {
                let statuses = try world.messageStatuses()
                return statuses["delivered", default: 0] + statuses["dead", default: 0] + statuses["exception", default: 0] == Self.orders
            }
            let statuses = try world.messageStatuses()
            #expect(finished, "seed \(Self.seed): not finished: \(statuses)")
            #expect(try world.messageStatuses() == ["delivered": Self.orders], "seed \(Self.seed)")
            let sales = try world.salesPerReference()
            #expect(sales.count == Self.orders, "seed \(Self.seed): one sale per order")
            #expect(sales.values.allSatisfy { $0 == 1 }, "seed \(Self.seed): no order twice: \(sales.filter { $0.value > 1 })")

            // The faults happened, every kind of them, and cost attempts.
            let log = relay.log
            for fault in [RelayFault.status(500), .status(503), .status(429, retryAfter: 1), .answerLost, .refused] {
                #expect(log.contains(fault), "seed \(Self.seed): no \(fault) among \(log.count) requests")
            }
            let attempts = try db.owner.query("""
                SELECT count(*) FILTER (WHERE outcome <> 'delivered')::int8, count(*)::int8 FROM message_attempts
                """).single().decode((Int, Int).self)
            #expect(Double(attempts.0) / Double(attempts.1) >= 0.15,
                    "seed \(Self.seed): only \(attempts.0) of \(attempts.1) attempts failed")
        }
    }
}
