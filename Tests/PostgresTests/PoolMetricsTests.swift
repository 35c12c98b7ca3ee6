import MetricsTestKit
import Postgres
import Testing

/// The pool records its counts, its waits and the errors it passes on by SQLSTATE class
/// (issue 7 §6), into whatever metrics factory it was given.
@Suite struct PoolMetricsTests {
    @Test func recordsConnectionsWaitsAndErrorsBySQLStateClass() throws {
        try TestDatabase.withServer {
            let metrics = TestMetrics()
            let pool = try PostgresPool(configuration: .init(connection: try TestDatabase.configuration(), maximumConnections: 1,
                                                             acquireTimeout: .milliseconds(200)),
                                        logger: TestDatabase.logger, metrics: PostgresPoolMetrics(factory: metrics))
            defer { pool.close() }
            // The only connection is held, so a second lease must wait, and times out.
            try pool.withConnection { (_: PostgresConnection) throws -> Void in
                #expect(try metrics.expectGauge("postgres_pool_connections_in_use").lastValue == 1)
                let error = #expect(throws: PostgresError.self) { try pool.query("SELECT 1") }
                #expect(error?.kind == .poolTimeout)
            }
            #expect(try metrics.expectCounter("postgres_pool_waits_total").totalValue == 1)
            #expect(try metrics.expectTimer("postgres_pool_wait_seconds").values.count == 1)
            #expect(try metrics.expectCounter("postgres_errors_total", [("class", "client_poolTimeout")]).totalValue == 1)

            // 22012 division_by_zero: class 22, data exception (PostgreSQL manual, Appendix A).
            #expect(throws: PostgresError.self) { try pool.query("SELECT 1 / 0") }
            #expect(try metrics.expectCounter("postgres_errors_total", [("class", "22")]).totalValue == 1)
            #expect(try metrics.expectGauge("postgres_pool_connections_open").lastValue == 1)
            #expect(try metrics.expectGauge("postgres_pool_connections_in_use").lastValue == 0)
        }
    }
}
