import Foundation
import Logging
import Postgres

/// Answers `/readyz`: the database must answer a query and every migration file must be
/// applied. A node that fails this is alive but should get no traffic (a rollout waits for it).
struct DatabaseReadiness: Sendable {
    let pool: PostgresPool
    let migrator: Migrator
    let logger: Logger

    private static let pingSQL = "SELECT 1"

    func report() -> ReadinessReport {
        do {
            _ = try pool.query(PostgresQuery(unsafeSQL: Self.pingSQL))
        } catch {
            logger.warning("readiness: database unreachable", metadata: ["error": "\(error)"])
            return ReadinessReport(ready: false, database: "unreachable", pendingMigrations: [])
        }
        do {
            let status = try migrator.status(pool: pool)
            let pending = status.pending.map(\.fileName)
            return ReadinessReport(ready: pending.isEmpty, database: "ok", pendingMigrations: pending)
        } catch {
            logger.error("readiness: migrations do not match the database", metadata: ["error": "\(error)"])
            return ReadinessReport(ready: false, database: "migrations inconsistent", pendingMigrations: [])
        }
    }
}
