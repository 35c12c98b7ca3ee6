public import Commerce
import Foundation
public import Postgres

extension Hub {
    static let currentItemSQL = """
        SELECT content_hash, document::text, source_system, change_seq FROM hub_items
        WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 AND sku = $4
        """
    // The next change number comes from the scope's head in the same statement.
    static let upsertItemSQL = """
        WITH head AS (
            UPDATE hub_heads SET last_seq = last_seq + 1
            WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 RETURNING last_seq
        )
        INSERT INTO hub_items (partner_id, customer_id, environment, document, content_hash, source_system,
                               source_connection_id, change_seq, sku)
        SELECT $1, $2, $3, $4::jsonb, $5, $6, $7, head.last_seq, $8 FROM head
        ON CONFLICT (partner_id, customer_id, environment, sku) DO UPDATE SET
            document = EXCLUDED.document, content_hash = EXCLUDED.content_hash, source_system = EXCLUDED.source_system,
            source_connection_id = EXCLUDED.source_connection_id, change_seq = EXCLUDED.change_seq, updated_at = now()
        RETURNING change_seq
        """
    static let itemSQL = """
        SELECT document::text, source_system, source_connection_id, change_seq, updated_at FROM hub_items
        WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 AND sku = $4
        """

    /// Publishes products into the hub: each is checked (`Product.validate()`), refused unless
    /// `source` owns `items`, and inserted, updated or found unchanged. The ids each product and
    /// variant carries in the source's system become cross-references of its SKU. All or
    /// nothing: a refusal (`HubRefusal`), an invalid product (`HubInvalidRecord`) or a
    /// cross-reference conflict writes none of them.
    public static func publishItems(_ products: [Product], from source: HubSource, in scope: HubScope,
                                    on connection: PostgresConnection) throws -> [HubWriteResult] {
        try publishing(products.count, from: source, in: scope, on: connection) { connection, ownership in
            try products.map { product in
                try requireValid(product, domain: .items, key: product.sku.text)
                let result = try HubDocumentTable.items.write(
                    HubDocument(product), key: product.sku.text, keyBinds: [product.sku.text], from: source,
                    ownership: ownership, in: scope, on: connection)
                try linkOwnIDs(product.externalIDs, entity: .item, key: product.sku.text, from: source, in: scope, on: connection)
                for variant in product.variants {
                    try linkOwnIDs(variant.externalIDs, entity: .item, key: variant.sku.text, from: source, in: scope, on: connection)
                }
                return result
            }
        }
    }

    /// The item `sku`, or nil.
    public static func item(_ sku: SKU, in scope: HubScope, on connection: PostgresConnection) throws -> HubEntry<Product>? {
        try connection.query(PostgresQuery(unsafeSQL: itemSQL, binds: scope.binds + [sku.text])).first.map {
            try decodeEntry(Product.self, $0)
        }
    }

    /// The item a system knows by `externalID`, through the cross-references; nil when no item
    /// of the scope carries that id.
    public static func item(_ externalID: ExternalID, in scope: HubScope, on connection: PostgresConnection) throws -> HubEntry<Product>? {
        for key in try HubCrossReferences.keys(of: .item, with: externalID, in: scope, on: connection) {
            if let entry = try item(try SKU(key), in: scope, on: connection) { return entry }
        }
        return nil
    }

    /// Decodes `document::text, source_system, source_connection_id, change_seq, updated_at`.
    static func decodeEntry<Record: Decodable & Sendable>(_ type: Record.Type, _ row: PostgresRow) throws -> HubEntry<Record> {
        let (text, system, connectionID, seq, updatedAt) = try row.decode((String, String, UUID, Int64, Date).self)
        return HubEntry(record: try HubDocument.decode(type, from: text),
                        source: HubSource(system: SystemKind(rawValue: system), connectionID: connectionID),
                        changeSeq: seq, updatedAt: updatedAt)
    }
}
