import Commerce
import Connectors
import HTTPClient
import Testing

/// Both Tryton connectors declared as data: the capabilities each descriptor lists are exactly
/// the operation protocols it adopts, and a connection is read from the fields it declares.
@Suite struct TrytonDescriptorTests {
    /// The capabilities the adopted protocols stand for.
    private static func adopted(_ connector: any Connector) -> Set<ConnectorCapability> {
        var capabilities: Set<ConnectorCapability> = [.testConnection]
        if connector is any ProductSource { capabilities.formUnion([.readChanges(.product), .readOne(.product)]) }
        if connector is any ProductTarget { capabilities.insert(.upsert(.product)) }
        if connector is any PriceSource { capabilities.insert(.readChanges(.price)) }
        if connector is any StockSource { capabilities.formUnion([.readChanges(.stock), .readOne(.stock)]) }
        if connector is any StockTarget { capabilities.insert(.upsert(.stock)) }
        if connector is any CustomerSource { capabilities.insert(.readChanges(.customer)) }
        if connector is any CustomerTarget { capabilities.insert(.upsert(.customer)) }
        if connector is any OrderSource { capabilities.formUnion([.readChanges(.order), .readOne(.order)]) }
        if connector is any OrderTarget { capabilities.formUnion([.upsert(.order), .readOne(.order)]) }
        if connector is any RefundSource { capabilities.insert(.readOne(.refund)) }
        if connector is any RefundTarget { capabilities.insert(.upsert(.refund)) }
        if connector is any ShipmentSource { capabilities.insert(.readChanges(.shipment)) }
        if connector is any ShipmentTarget { capabilities.insert(.upsert(.shipment)) }
        if connector is any WebhookReceiver { capabilities.insert(.webhooks) }
        return capabilities
    }

    private static let configuration = ConnectionConfiguration(
        settings: ["server_url": "http://127.0.0.1:8000", "login": "counterpart"], secrets: ["password": "not-shown"])

    @Test func erpDescriptorListsExactlyTheProtocolsItAdopts() throws {
        let connector = try TrytonERPConnector(configuration: Self.configuration, http: HTTPClient())
        // Invoices have no seam protocol: `invoices(ofOrderReference:)` is the ERP's own read.
        #expect(Self.adopted(connector).union([.readOne(.invoice)]) == TrytonERPConnector.descriptor.capabilities)
        #expect(TrytonERPConnector.descriptor.kind == .trytonERP)
    }

    @Test func posDescriptorListsExactlyTheProtocolsItAdopts() throws {
        let connector = try TrytonPOSConnector(configuration: Self.configuration, http: HTTPClient())
        #expect(Self.adopted(connector) == TrytonPOSConnector.descriptor.capabilities)
        #expect(TrytonPOSConnector.descriptor.kind == .trytonPOS)
    }

    @Test func fillsEachConnectorsDefaultDatabase() throws {
        let erp = try TrytonERPConnector(configuration: Self.configuration, http: HTTPClient())
        let pos = try TrytonPOSConnector(configuration: Self.configuration, http: HTTPClient())
        #expect(erp.client.settings.database == "erp")
        #expect(pos.client.settings.database == "pos")
        #expect(!erp.client.settings.description.contains("not-shown"))
    }

    @Test func refusesAConnectionWithoutAPasswordNamingTheField() {
        let configuration = ConnectionConfiguration(settings: ["server_url": "http://127.0.0.1:8000", "login": "counterpart"])
        #expect {
            _ = try TrytonERPConnector(configuration: configuration, http: HTTPClient())
        } throws: { error in
            (error as? ConnectorError)?.errorClass == .permanent && (error as? ConnectorError)?.message.contains("password") == true
        }
    }

    @Test func marksThePasswordSecretAndCompanyAndWarehouseOptional() {
        let fields = TrytonERPConnector.descriptor.fields
        #expect(fields.map(\.name) == ["server_url", "database", "login", "password", "company", "warehouse"])
        #expect(fields.filter(\.isSecret).map(\.name) == ["password"])
        #expect(fields.filter { !$0.isRequired }.map(\.name) == ["company", "warehouse"])
    }
}
