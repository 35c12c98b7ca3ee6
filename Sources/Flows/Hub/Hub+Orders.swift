public import Commerce
import Foundation
public import Postgres
import Tenancy

extension Hub {
    static let currentOrderSQL = """
        SELECT content_hash, document::text, source_system, change_seq FROM hub_orders
        WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 AND reference = $4
        """
    static let upsertOrderSQL = """
        WITH head AS (
            UPDATE hub_heads SET last_seq = last_seq + 1
            WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 RETURNING last_seq
        )
        INSERT INTO hub_orders (partner_id, customer_id, environment, document, content_hash, source_system,
                                source_connection_id, change_seq, reference, status)
        SELECT $1, $2, $3, $4::jsonb, $5, $6, $7, head.last_seq, $8, $9 FROM head
        ON CONFLICT (partner_id, customer_id, environment, reference) DO UPDATE SET
            document = EXCLUDED.document, content_hash = EXCLUDED.content_hash, source_system = EXCLUDED.source_system,
            source_connection_id = EXCLUDED.source_connection_id, change_seq = EXCLUDED.change_seq,
            status = EXCLUDED.status, updated_at = now()
        RETURNING change_seq
        """
    static let orderSQL = """
        SELECT document::text, source_system, source_connection_id, change_seq, updated_at FROM hub_orders
        WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 AND reference = $4
        """

    /// The longest order reference (Migrations/0008).
    public static let maximumReferenceLength = 100

    /// Publishes an order under our reference (the one `order-to-erp` writes back to the shop).
    /// Refused unless `source` owns `orders` and — as the shop and the tills each own their own
    /// sales — unless the order is new or was published by the same system. The ids the order
    /// carries in the source's system become cross-references of the reference, so the order is
    /// found by them at once. Inserted, updated (with what changed) or unchanged.
    public static func publishOrder(_ order: Order, reference: String, from source: HubSource, in scope: HubScope,
                                    on connection: PostgresConnection) throws -> HubWriteResult {
        let reference = try checkedReference(reference)
        return try publishing(1, from: source, in: scope, on: connection) { connection, ownership in
            try requireValid(order, domain: .orders, key: reference)
            let result = try HubDocumentTable.orders.write(
                HubDocument(order), key: reference, keyBinds: [reference], extraBinds: [order.status.rawValue], from: source,
                ownership: ownership, in: scope, on: connection)
            try linkOwnIDs(order.externalIDs, entity: .order, key: reference, from: source, in: scope, on: connection)
            return result
        }
    }

    /// The order with our `reference`, or nil.
    public static func order(_ reference: String, in scope: HubScope, on connection: PostgresConnection) throws -> HubEntry<Order>? {
        try connection.query(PostgresQuery(unsafeSQL: orderSQL, binds: scope.binds + [reference])).first.map {
            try decodeEntry(Order.self, $0)
        }
    }

    /// The order a system knows by `externalID` ("where is WooCommerce order 123?"), through the
    /// cross-references; nil when no order of the scope carries that id.
    public static func order(_ externalID: ExternalID, in scope: HubScope, on connection: PostgresConnection) throws -> HubEntry<Order>? {
        for key in try HubCrossReferences.keys(of: .order, with: externalID, in: scope, on: connection) {
            if let entry = try order(key, in: scope, on: connection) { return entry }
        }
        return nil
    }

    static func checkedReference(_ reference: String) throws -> String {
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...maximumReferenceLength).contains(trimmed.count),
              !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw TenancyError.invalid("reference", "must be 1–\(maximumReferenceLength) characters without control characters")
        }
        return trimmed
    }
}
