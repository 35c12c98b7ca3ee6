import Foundation
import HTTP

/// The routes every node has regardless of tenant: liveness, readiness, version.
///
/// `/healthz` and `/version` run on the event loop — they never block — so a load balancer's
/// probes are answered even when every handler thread is busy. `/readyz` touches the database
/// and therefore runs on the handler pool.
enum SystemRoutes {
    static func register(on router: Router, readiness: @escaping @Sendable () -> ReadinessReport) {
        router.get("/healthz", execution: .eventLoop) { _ in
            Response(status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"],
                     body: okBody)
        }
        router.get("/version", execution: .eventLoop) { _ in
            Response(status: .ok, headers: ["Content-Type": "application/json"], body: Version.json)
        }
        router.get("/readyz") { _ in
            let report = readiness()
            let body = try JSONEncoder.sorted.encode(report)
            return Response(status: report.ready ? .ok : .serviceUnavailable,
                            headers: ["Content-Type": "application/json", "Cache-Control": "no-store"],
                            body: Array(body))
        }
    }

    private static let okBody: [UInt8] = Array("ok\n".utf8)
}

/// What `/readyz` reports: ready only when the database answers and no migration is pending.
public struct ReadinessReport: Codable, Sendable {
    public var ready: Bool
    public var database: String
    public var pendingMigrations: [String]

    /// A report with every part explicit.
    public init(ready: Bool, database: String, pendingMigrations: [String]) {
        self.ready = ready
        self.database = database
        self.pendingMigrations = pendingMigrations
    }
}

extension JSONEncoder {
    /// Stable output for machine-read bodies.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }
}
