public import Commerce
import Foundation
public import Postgres

extension Hub {
    static let currentStockSQL = """
        SELECT quantity, as_of, source_system, change_seq FROM hub_stock
        WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 AND sku = $4 AND location = $5
        """
    static let upsertStockSQL = """
        WITH head AS (
            UPDATE hub_heads SET last_seq = last_seq + 1
            WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 RETURNING last_seq
        )
        INSERT INTO hub_stock (partner_id, customer_id, environment, sku, location, quantity, as_of, source_system,
                               source_connection_id, change_seq)
        SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, head.last_seq FROM head
        ON CONFLICT (partner_id, customer_id, environment, sku, location) DO UPDATE SET
            quantity = EXCLUDED.quantity, as_of = EXCLUDED.as_of, source_system = EXCLUDED.source_system,
            source_connection_id = EXCLUDED.source_connection_id, change_seq = EXCLUDED.change_seq, updated_at = now()
        RETURNING change_seq
        """
    // The same quantity, confirmed later: the level is newer but nothing changed for followers.
    static let confirmStockSQL = """
        UPDATE hub_stock SET as_of = $6, source_system = $7, source_connection_id = $8, updated_at = now()
        WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 AND sku = $4 AND location = $5
        """
    static let stockOfSKUSQL = """
        SELECT sku, location, quantity, as_of, source_system, source_connection_id, change_seq, updated_at FROM hub_stock
        WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 AND sku = $4 ORDER BY location
        """

    /// Publishes stock levels, one per SKU and location, refused unless `source` owns `stock`.
    ///
    /// Levels arrive out of order (a webhook overtakes a poll), so the time a count was true
    /// decides, never the time it arrived: a level that does not supersede the stored one
    /// (`StockLevel.supersedes`: later `asOf`) is ignored as `stale`; a later level with the same
    /// quantity moves the stored `asOf` forward and is `unchanged` (followers have nothing to
    /// send); a later level with another quantity is `updated`. All or nothing.
    public static func publishStock(_ levels: [StockLevel], from source: HubSource, in scope: HubScope,
                                    on connection: PostgresConnection) throws -> [HubWriteResult] {
        try publishing(levels.count, from: source, in: scope, on: connection) { connection, ownership in
            try levels.map { level in
                try writeStock(level, from: source, ownership: ownership, in: scope, on: connection)
            }
        }
    }

    /// The levels of `sku` at every location, by location.
    public static func stock(of sku: SKU, in scope: HubScope, on connection: PostgresConnection) throws -> [HubEntry<StockLevel>] {
        try connection.query(PostgresQuery(unsafeSQL: stockOfSKUSQL, binds: scope.binds + [sku.text])).map { row in
            let (sku, location, quantity, asOf, system, connectionID, seq, updatedAt) = try row.decode(
                (String, String, Decimal, Date, String, UUID, Int64, Date).self)
            return HubEntry(record: StockLevel(sku: try SKU(sku), location: location, quantity: quantity, asOf: asOf),
                            source: HubSource(system: SystemKind(rawValue: system), connectionID: connectionID),
                            changeSeq: seq, updatedAt: updatedAt)
        }
    }

    /// A stock level's key in results and refusals: `MUG-1 at ST1`.
    static func stockKey(_ level: StockLevel) -> String { "\(level.sku.text) at \(level.location)" }

    private static func writeStock(_ level: StockLevel, from source: HubSource, ownership: SystemOfRecord, in scope: HubScope,
                                   on connection: PostgresConnection) throws -> HubWriteResult {
        let key = stockKey(level)
        try requireValid(level, domain: .stock, key: key)
        // Compared as PostgreSQL keeps it (microseconds), so a repeat of a level is recognised as one.
        var level = level
        level.asOf = Date(timeIntervalSinceReferenceDate: (level.asOf.timeIntervalSinceReferenceDate * 1_000_000).rounded() / 1_000_000)
        let keyBinds: [any PostgresEncodable] = [level.sku.text, level.location]
        let stored = try connection.query(PostgresQuery(unsafeSQL: currentStockSQL, binds: scope.binds + keyBinds)).first.map {
            try $0.decode((Decimal, Date, String, Int64).self)
        }
        if let refusal = ownership.refusal(of: source.system, changing: key, in: .stock,
                                           publishedBy: stored.map { SystemKind(rawValue: $0.2) }) {
            throw refusal
        }
        if let stored {
            let (quantity, asOf, _, seq) = stored
            let storedLevel = StockLevel(sku: level.sku, location: level.location, quantity: quantity, asOf: asOf)
            guard level.supersedes(storedLevel) else {
                let repeated = level.asOf == asOf && level.quantity == quantity
                return HubWriteResult(key: key, outcome: repeated ? .unchanged : .stale(storedAsOf: asOf), changeSeq: seq)
            }
            if level.quantity == quantity {
                _ = try connection.execute(PostgresQuery(unsafeSQL: confirmStockSQL, binds: scope.binds + keyBinds + [
                    level.asOf, source.system.rawValue, source.connectionID,
                ]))
                return HubWriteResult(key: key, outcome: .unchanged, changeSeq: seq)
            }
        }
        let seq = try connection.query(PostgresQuery(unsafeSQL: upsertStockSQL, binds: scope.binds + keyBinds + [
            level.quantity, level.asOf, source.system.rawValue, source.connectionID,
        ])).single().decode(Int64.self, at: 0)
        return HubWriteResult(key: key, outcome: stored == nil ? .inserted : .updated(HubDiff(changedPaths: ["quantity"])),
                              changeSeq: seq)
    }
}
