public import Commerce
import Foundation
public import Postgres

extension Hub {
    static let insertMovementSQL = """
        INSERT INTO hub_stock_movements (partner_id, customer_id, environment, sku, location, quantity, occurred_at,
                                         source_system, document)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        ON CONFLICT DO NOTHING
        """
    // Only movements the stored count of their location does not include yet.
    static let pendingMovementsSQL = """
        SELECT m.sku, m.location, m.quantity, m.occurred_at, m.source_system, m.document FROM hub_stock_movements m
        LEFT JOIN hub_stock s ON s.partner_id = m.partner_id AND s.customer_id = m.customer_id
             AND s.environment = m.environment AND s.sku = m.sku AND s.location = m.location
        WHERE m.partner_id = $1 AND m.customer_id = $2 AND m.environment = $3 AND m.sku = $4
          AND (s.as_of IS NULL OR m.occurred_at > s.as_of)
        ORDER BY m.occurred_at, m.document
        """

    /// Records stock movements; a document's movement recorded before is not recorded again,
    /// so a till sale read twice takes its stock once. Returns how many were new.
    @discardableResult
    public static func recordMovements(_ movements: [StockMovement], in scope: HubScope,
                                       on connection: PostgresConnection) throws -> Int {
        var recorded = 0
        for movement in movements {
            recorded += try connection.execute(PostgresQuery(unsafeSQL: insertMovementSQL, binds: scope.binds + [
                movement.sku.text, movement.location, movement.quantity, movement.occurredAt, movement.sourceSystem.rawValue,
                movement.document,
            ]))
        }
        return recorded
    }

    /// The movements of `sku` that no stored count includes yet.
    public static func pendingMovements(of sku: SKU, in scope: HubScope, on connection: PostgresConnection) throws -> [StockMovement] {
        try connection.query(PostgresQuery(unsafeSQL: pendingMovementsSQL, binds: scope.binds + [sku.text])).map { row in
            let (sku, location, quantity, occurredAt, system, document) = try row.decode((String, String, Decimal, Date, String, String).self)
            return StockMovement(sku: try SKU(sku), location: location, quantity: quantity, occurredAt: occurredAt,
                                 sourceSystem: SystemKind(rawValue: system), document: document)
        }
    }
}
