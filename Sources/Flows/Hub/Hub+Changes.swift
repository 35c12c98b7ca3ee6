import Commerce
import Foundation
public import Postgres
import Tenancy

extension Hub {
    // One branch per table, each served by its (…, change_seq) index; every branch is limited
    // first so the sort only sees what the page can hold.
    static let changesSQL = """
        (SELECT change_seq, 'item' AS kind, sku AS key, document::text AS document, NULL::numeric AS quantity,
                NULL::text AS location, NULL::timestamptz AS as_of, source_system, source_connection_id, updated_at
         FROM hub_items WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 AND change_seq > $4
         ORDER BY change_seq LIMIT $5)
        UNION ALL
        (SELECT change_seq, 'price', sku, document::text, NULL, NULL, NULL, source_system, source_connection_id, updated_at
         FROM hub_prices WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 AND change_seq > $4
         ORDER BY change_seq LIMIT $5)
        UNION ALL
        (SELECT change_seq, 'stock', sku, NULL, quantity, location, as_of, source_system, source_connection_id, updated_at
         FROM hub_stock WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 AND change_seq > $4
         ORDER BY change_seq LIMIT $5)
        UNION ALL
        (SELECT change_seq, 'order', reference, document::text, NULL, NULL, NULL, source_system, source_connection_id, updated_at
         FROM hub_orders WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 AND change_seq > $4
         ORDER BY change_seq LIMIT $5)
        ORDER BY change_seq
        LIMIT $5
        """

    /// The most changes one read returns.
    public static let maximumChangesRead = 1_000

    /// The records changed after change number `seq`, oldest change first, at most `limit`:
    /// a follower keeps the last `changeSeq` it handled and asks again from there. Numbers are
    /// handed out in commit order (see `Hub`), so a follower never steps past a change that
    /// commits later.
    public static func changes(since seq: Int64, limit: Int = 500, in scope: HubScope,
                               on connection: PostgresConnection) throws -> [HubChange] {
        guard (1...maximumChangesRead).contains(limit) else {
            throw TenancyError.invalid("limit", "must be 1–\(maximumChangesRead)")
        }
        return try connection.query(PostgresQuery(unsafeSQL: changesSQL, binds: scope.binds + [seq, limit])).map { row in
            let (changeSeq, kind, key, document, quantity, location, asOf, system, connectionID, updatedAt) = try row.decode(
                (Int64, String, String, String?, Decimal?, String?, Date?, String, UUID, Date).self)
            let record: HubRecord
            switch (kind, document, quantity, location, asOf) {
            case ("item", let document?, _, _, _): record = .item(try HubDocument.decode(Product.self, from: document))
            case ("price", let document?, _, _, _): record = .price(try HubDocument.decode(Price.self, from: document))
            case ("order", let document?, _, _, _): record = .order(reference: key, try HubDocument.decode(Order.self, from: document))
            case ("stock", _, let quantity?, let location?, let asOf?):
                record = .stock(StockLevel(sku: try SKU(key), location: location, quantity: quantity, asOf: asOf))
            default:
                throw PostgresError(.decoding, "hub change \(changeSeq) has an unknown shape (\(kind))")
            }
            return HubChange(changeSeq: changeSeq, record: record,
                             source: HubSource(system: SystemKind(rawValue: system), connectionID: connectionID),
                             updatedAt: updatedAt)
        }
    }
}
