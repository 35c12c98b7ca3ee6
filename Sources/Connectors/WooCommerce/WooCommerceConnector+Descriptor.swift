extension WooCommerceConnector {
    /// The names of the connection's fields, as stored in `ConnectionConfiguration`.
    public enum Field {
        /// The store's home URL, `https://shop.example` (a sub-path such as `/shop` is kept).
        public static let storeURL = "store_url"
        /// The REST API consumer key, `ck_…`.
        public static let consumerKey = "consumer_key"
        /// The REST API consumer secret, `cs_…`.
        public static let consumerSecret = "consumer_secret"
        /// The secret the store's webhooks sign their deliveries with.
        public static let webhookSecret = "webhook_secret"
        /// How keys travel on https: `basic` (HTTP Basic) or `query-string`.
        public static let httpsAuthentication = "https_authentication"
        /// `pretty` (`/wp-json/wc/v3/…`) or `plain` permalinks (`/?rest_route=/wc/v3/…`).
        public static let permalinks = "permalinks"
        /// Records per page read, at most 100.
        public static let pageSize = "page_size"
        /// Items per batch request, at most 100.
        public static let batchSize = "batch_size"
        /// The location code the store's stock is known by in Counterpart.
        public static let stockLocation = "stock_location"
        /// The store's weight unit (`woocommerce_weight_unit`).
        public static let weightUnit = "weight_unit"
        /// The store's dimension unit (`woocommerce_dimension_unit`).
        public static let dimensionUnit = "dimension_unit"
        /// How many seconds before the last seen modification a change read starts again.
        public static let overlapSeconds = "overlap_seconds"
    }

    /// WooCommerce declared as data (STYLE.md habit 10). The capabilities match the operation
    /// protocols the connector adopts; a test holds the two in step.
    public static let descriptor = ConnectorDescriptor(
        kind: .wooCommerce,
        version: "1.0.0",
        displayName: "WooCommerce",
        protocolName: "WooCommerce REST API v3 (wp-json/wc/v3) and webhooks",
        fields: [
            ConnectionField(Field.storeURL, label: "Store URL",
                            help: "The shop's address as WordPress knows it (Settings › General › Site Address), e.g. https://shop.example.",
                            kind: .url(schemes: ["https", "http"])),
            ConnectionField(Field.consumerKey, label: "Consumer key",
                            help: "WooCommerce › Settings › Advanced › REST API › Add key, permissions Read/Write: the ck_… value."),
            ConnectionField(Field.consumerSecret, label: "Consumer secret",
                            help: "The cs_… value shown once when the key is made.", kind: .secret),
            ConnectionField(Field.webhookSecret, label: "Webhook secret",
                            help: "The secret entered on each of the store's webhooks (WooCommerce › Settings › Advanced › Webhooks); needed to accept deliveries.",
                            kind: .secret, isRequired: false),
            ConnectionField(Field.httpsAuthentication, label: "Keys on https",
                            help: "basic sends the keys as HTTP Basic; query-string for hosts that strip the Authorization header. Plain-http stores always use OAuth 1.0a.",
                            kind: .choice(["basic", "query-string"]), isRequired: false, defaultValue: "basic"),
            ConnectionField(Field.permalinks, label: "Permalinks",
                            help: "plain when WordPress uses plain permalinks and /wp-json/ answers 404.",
                            kind: .choice(["pretty", "plain"]), isRequired: false, defaultValue: "pretty"),
            ConnectionField(Field.pageSize, label: "Page size", help: "Records per page read (WooCommerce allows at most 100).",
                            kind: .integer(1...100), isRequired: false, defaultValue: "100"),
            ConnectionField(Field.batchSize, label: "Batch size",
                            help: "Items per batch write (WooCommerce allows at most 100; lower it for slow hosts).",
                            kind: .integer(1...100), isRequired: false, defaultValue: "100"),
            ConnectionField(Field.stockLocation, label: "Stock location",
                            help: "The location code the store's stock is counted under in Counterpart.",
                            isRequired: false, defaultValue: "woocommerce"),
            ConnectionField(Field.weightUnit, label: "Weight unit", help: "WooCommerce › Settings › Products › Weight unit.",
                            kind: .choice(["kg", "g", "lbs", "oz"]), isRequired: false, defaultValue: "kg"),
            ConnectionField(Field.dimensionUnit, label: "Dimension unit", help: "WooCommerce › Settings › Products › Dimensions unit.",
                            kind: .choice(["cm", "m", "mm", "in", "yd"]), isRequired: false, defaultValue: "cm"),
            ConnectionField(Field.overlapSeconds, label: "Change overlap (seconds)",
                            help: "Change reads start this many seconds before the last modification seen, for saves that commit late.",
                            kind: .integer(1...3_600), isRequired: false, defaultValue: "5"),
        ],
        capabilities: [
            .testConnection, .webhooks,
            .readChanges(.product), .readOne(.product), .upsert(.product),
            .readChanges(.stock), .readOne(.stock), .upsert(.stock),
            .readChanges(.order), .readOne(.order),
            .readOne(.refund),
            .readChanges(.customer), .upsert(.customer),
            .upsert(.shipment),
        ])
}
