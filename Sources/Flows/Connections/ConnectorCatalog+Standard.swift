import Connectors

extension ConnectorCatalog {
    /// Every connector this version ships, in the order the portal offers them.
    public static func standard(runtime: Runtime) -> ConnectorCatalog {
        ConnectorCatalog(entries: [
            Entry(descriptor: WooCommerceConnector.descriptor, rewinding: WooCommerceConnector.self) { configuration, runtime throws(ConnectorError) in
                try WooCommerceConnector(configuration: configuration, client: runtime.httpClient)
            },
            Entry(descriptor: TrytonERPConnector.descriptor, rewinding: TrytonERPConnector.self) { configuration, runtime throws(ConnectorError) in
                try TrytonERPConnector(configuration: configuration, http: runtime.httpClient)
            },
            Entry(descriptor: TrytonPOSConnector.descriptor, rewinding: TrytonPOSConnector.self) { configuration, runtime throws(ConnectorError) in
                try TrytonPOSConnector(configuration: configuration, http: runtime.httpClient)
            },
            Entry(descriptor: FileDropConnector.descriptor) { configuration, _ throws(ConnectorError) in
                try FileDropConnector(configuration: configuration)
            },
            Entry(descriptor: OutboundWebhookConnector.descriptor) { configuration, runtime throws(ConnectorError) in
                try OutboundWebhookConnector(configuration: configuration, client: runtime.httpClient)
            },
        ], runtime: runtime)
    }
}
