public import Commerce
public import Postgres

extension Hub {
    static let currentPriceSQL = """
        SELECT content_hash, document::text, source_system, change_seq FROM hub_prices
        WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 AND sku = $4 AND currency = $5
        """
    static let upsertPriceSQL = """
        WITH head AS (
            UPDATE hub_heads SET last_seq = last_seq + 1
            WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 RETURNING last_seq
        )
        INSERT INTO hub_prices (partner_id, customer_id, environment, document, content_hash, source_system,
                                source_connection_id, change_seq, sku, currency)
        SELECT $1, $2, $3, $4::jsonb, $5, $6, $7, head.last_seq, $8, $9 FROM head
        ON CONFLICT (partner_id, customer_id, environment, sku, currency) DO UPDATE SET
            document = EXCLUDED.document, content_hash = EXCLUDED.content_hash, source_system = EXCLUDED.source_system,
            source_connection_id = EXCLUDED.source_connection_id, change_seq = EXCLUDED.change_seq, updated_at = now()
        RETURNING change_seq
        """
    static let priceSQL = """
        SELECT document::text, source_system, source_connection_id, change_seq, updated_at FROM hub_prices
        WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 AND sku = $4 AND currency = $5
        """
    static let pricesOfSKUSQL = """
        SELECT document::text, source_system, source_connection_id, change_seq, updated_at FROM hub_prices
        WHERE partner_id = $1 AND customer_id = $2 AND environment = $3 AND sku = $4 ORDER BY currency
        """

    /// Publishes prices, one per SKU and currency: checked (`Price.validate()`), refused unless
    /// `source` owns `prices`, then inserted, updated or found unchanged. All or nothing.
    public static func publishPrices(_ prices: [Price], from source: HubSource, in scope: HubScope,
                                     on connection: PostgresConnection) throws -> [HubWriteResult] {
        try publishing(prices.count, from: source, in: scope, on: connection) { connection, ownership in
            try prices.map { price in
                let key = priceKey(price.sku, price.currency)
                try requireValid(price, domain: .prices, key: key)
                return try HubDocumentTable.prices.write(
                    HubDocument(price), key: key, keyBinds: [price.sku.text, price.currency.code], from: source,
                    ownership: ownership, in: scope, on: connection)
            }
        }
    }

    /// The price of `sku` in `currency`, or nil.
    public static func price(_ sku: SKU, in currency: CurrencyCode, scope: HubScope,
                             on connection: PostgresConnection) throws -> HubEntry<Price>? {
        try connection.query(PostgresQuery(unsafeSQL: priceSQL, binds: scope.binds + [sku.text, currency.code])).first.map {
            try decodeEntry(Price.self, $0)
        }
    }

    /// Every price of `sku`, by currency.
    public static func prices(of sku: SKU, in scope: HubScope, on connection: PostgresConnection) throws -> [HubEntry<Price>] {
        try connection.query(PostgresQuery(unsafeSQL: pricesOfSKUSQL, binds: scope.binds + [sku.text])).map {
            try decodeEntry(Price.self, $0)
        }
    }

    /// A price's key in results and refusals: `MUG-1 in EUR`.
    static func priceKey(_ sku: SKU, _ currency: CurrencyCode) -> String { "\(sku.text) in \(currency.code)" }
}
