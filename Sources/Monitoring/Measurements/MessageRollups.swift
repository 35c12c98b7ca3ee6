public import Foundation
public import Postgres

/// The measurements of Migrations/0016: folding the messages' events into rollups (the
/// workers' side) and reading any window's counts and latencies from them (the reports' side).
/// Reads run in the caller's scope, so row-level security keeps a customer viewer to their
/// own rows; folding runs in the platform scope.
public enum MessageRollups {
    /// How many events one fold takes: enough to keep up with thousands per second, few enough
    /// that a fold's transaction stays short.
    public static let defaultBatch = 5_000

    static let columns = "flow, received, delivered, failed, exception, dead, latency_sum_ms, latency::text"

    /// Folds up to `batch` waiting events into the rollups, in the caller's transaction (the
    /// platform scope); returns how many it folded.
    @discardableResult
    public static func fold(batch: Int = defaultBatch, on connection: PostgresConnection) throws -> Int {
        try connection.query(PostgresQuery(unsafeSQL: "SELECT fold_message_events($1::integer)", binds: [batch]))
            .single().decode(Int.self, at: 0)
    }

    /// Folds until no event is waiting, one transaction per batch; returns how many it folded.
    @discardableResult
    public static func foldAll(batch: Int = defaultBatch, pool: PostgresPool,
                               enterPlatformScope: (PostgresConnection) throws -> Void) throws -> Int {
        var total = 0
        while true {
            let folded = try pool.transaction { connection in
                try enterPlatformScope(connection)
                return try fold(batch: batch, on: connection)
            }
            total += folded
            if folded < batch { return total }
        }
    }

    /// Everything measured for `scope` in `[start, end)` (whole minutes, UTC), per flow, from
    /// the fewest rollup rows that cover the window.
    public static func countsByFlow(_ scope: MeasurementScope, from start: Date, to end: Date,
                                    on connection: PostgresConnection) throws -> [String: MessageCounts] {
        guard start < end else { throw MeasurementError.invalidWindow("the end is not after the start") }
        guard RollupGrain.minute.floor(start) == start, RollupGrain.minute.floor(end) == end else {
            throw MeasurementError.invalidWindow("the window must start and end on whole minutes")
        }
        let spans = RollupSpan.cover(from: start, to: end)
        var binds: [any PostgresEncodable] = [scope.partnerID, scope.customerID, scope.environmentKind, scope.flow]
        var clauses: [String] = []
        for span in spans {
            binds += [span.grain.rawValue, span.start, span.end]
            let n = binds.count
            clauses.append("(grain = $\(n - 2) AND bucket_start >= $\(n - 1) AND bucket_start < $\(n))")
        }
        let sql = """
            SELECT \(columns) FROM message_rollups
            WHERE partner_id = $1 AND customer_id = $2 AND environment_kind = $3 AND ($4::text IS NULL OR flow = $4)
              AND (\(clauses.joined(separator: " OR ")))
            """
        var byFlow: [String: MessageCounts] = [:]
        for row in try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds)) {
            let (flow, counts) = try decodeCounts(row)
            byFlow[flow, default: .zero].add(counts)
        }
        return byFlow
    }

    /// Everything measured for `scope` in `[start, end)`, all flows together.
    public static func counts(_ scope: MeasurementScope, from start: Date, to end: Date,
                              on connection: PostgresConnection) throws -> MessageCounts {
        try countsByFlow(scope, from: start, to: end, on: connection).values.reduce(into: .zero) { $0.add($1) }
    }

    /// The counts of each `grain` bucket in `[start, end)` that has any (all flows of the scope
    /// together), oldest first — the series behind charts and incident windows.
    public static func series(_ scope: MeasurementScope, grain: RollupGrain, from start: Date, to end: Date,
                              on connection: PostgresConnection) throws -> [(start: Date, counts: MessageCounts)] {
        let sql = """
            SELECT bucket_start, \(columns) FROM message_rollups
            WHERE partner_id = $1 AND customer_id = $2 AND environment_kind = $3 AND ($4::text IS NULL OR flow = $4)
              AND grain = $5 AND bucket_start >= $6 AND bucket_start < $7
            ORDER BY bucket_start
            """
        var series: [(start: Date, counts: MessageCounts)] = []
        for row in try connection.query(PostgresQuery(unsafeSQL: sql, binds: [
            scope.partnerID, scope.customerID, scope.environmentKind, scope.flow, grain.rawValue, start, end,
        ])) {
            let bucketStart = try row.decode(Date.self, at: 0)
            let (_, counts) = try decodeCounts(row, offset: 1)
            if let last = series.last, last.start == bucketStart {
                series[series.count - 1].counts.add(counts)
            } else {
                series.append((bucketStart, counts))
            }
        }
        return series
    }

    private static func decodeCounts(_ row: PostgresRow, offset: Int = 0) throws -> (String, MessageCounts) {
        let flow = try row.decode(String.self, at: offset)
        let counts = MessageCounts(
            received: try row.decode(Int.self, at: offset + 1), delivered: try row.decode(Int.self, at: offset + 2),
            failed: try row.decode(Int.self, at: offset + 3), exception: try row.decode(Int.self, at: offset + 4),
            dead: try row.decode(Int.self, at: offset + 5), latencySumMilliseconds: try row.decode(Int.self, at: offset + 6),
            latency: try LatencyHistogram(rollupJSON: try row.decode(String.self, at: offset + 7)))
        return (flow, counts)
    }
}
