extension TrytonERPConnector {
    /// Tryton as the ERP, declared as data (STYLE.md habit 10). The capabilities are exactly the
    /// operation protocols the connector adopts (a test holds them in step).
    public static let descriptor = ConnectorDescriptor(
        kind: .trytonERP,
        version: "1.0.0",
        displayName: "Tryton ERP",
        protocolName: "Tryton JSON-RPC (trytond 8.x, POST /<database>/rpc/)",
        fields: TrytonConnectionFields.fields(
            defaultDatabase: "erp",
            warehouseHelp: "The code of the warehouse (stock.location) sales ship from and stock is read in, e.g. WH; empty: stock of every warehouse, sales from the first."),
        capabilities: [
            .testConnection,
            .readChanges(.product), .readOne(.product), .upsert(.product),
            .readChanges(.price),
            .readChanges(.stock), .readOne(.stock), .upsert(.stock),
            .upsert(.customer),
            .readChanges(.order), .readOne(.order), .upsert(.order),
            .readChanges(.shipment),
            .readOne(.invoice),
            .upsert(.refund),
        ],
        // One server with another database is another system: both name the endpoint.
        endpointFields: ["server_url", "database"]
    )
}
