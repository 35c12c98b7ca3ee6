/// A Tryton warehouse (`stock.location` of type `warehouse`) with the zone stock is kept in.
/// Quantities read with the warehouse in the context's `locations` cover all its zones
/// (input, storage, output); goods are received into and counted in its storage zone.
public struct TrytonWarehouse: Sendable, Hashable {
    /// The location's id.
    public var id: Int
    /// Its code (`WH`, `ST1`): the location name a ``Commerce/StockLevel`` carries.
    public var code: String
    /// Its storage zone's id.
    public var storageID: Int

    /// The warehouses a connection covers: the one its settings name, or every warehouse with
    /// a code and a storage zone.
    static func covered(by client: TrytonClient) throws(ConnectorError) -> [TrytonWarehouse] {
        let cached = try client.remembered("warehouses") { () throws(ConnectorError) -> TrytonValue in
            var domain: [TrytonValue] = [["type", "=", "warehouse"]]
            if let code = client.settings.warehouse { domain.append(["code", "=", .string(code)]) }
            let records = try client.searchRead("stock.location", .array(domain), fields: ["code", "storage_location"],
                                                order: [("code", "ASC")])
            return .array(records.map { .object($0.values) })
        }
        let warehouses = (cached.arrayValue ?? []).compactMap { value -> TrytonWarehouse? in
            let record = TrytonRecord(value.objectValue)
            guard let code = record.text("code"), let storage = record.reference("storage_location") else { return nil }
            return TrytonWarehouse(id: record.id, code: code, storageID: storage)
        }
        if warehouses.isEmpty {
            let which = client.settings.warehouse.map { "a warehouse with code \($0)" } ?? "a warehouse with a code and a storage zone"
            throw ConnectorError.permanent("Tryton database \(client.settings.database) has no \(which); check the connection's warehouse code.")
        }
        return warehouses
    }

    /// The warehouse with `code` among those covered, or the first covered one for nil.
    static func named(_ code: String?, client: TrytonClient) throws(ConnectorError) -> TrytonWarehouse {
        let warehouses = try covered(by: client)
        guard let code else { return warehouses[0] }
        guard let warehouse = warehouses.first(where: { $0.code == code }) else {
            throw ConnectorError.business("Tryton has no warehouse \(code) this connection covers (it covers \(warehouses.map(\.code).joined(separator: ", "))).")
        }
        return warehouse
    }

    /// The id of the first location of a type with no warehouse (`supplier`, `customer`,
    /// `lost_found`), e.g. where received goods come from.
    static func locationID(ofType type: String, client: TrytonClient) throws(ConnectorError) -> Int {
        let cached = try client.remembered("location:\(type)") { () throws(ConnectorError) -> TrytonValue in
            let ids = try client.search("stock.location", [["type", "=", .string(type)]], limit: 1, order: [("id", "ASC")])
            guard let id = ids.first else {
                throw ConnectorError.permanent("Tryton database \(client.settings.database) has no \(type) location.")
            }
            return .int(id)
        }
        return cached.intValue ?? 0
    }
}

extension TrytonValue {
    /// The members of an object, empty for any other value.
    var objectValue: [String: TrytonValue] {
        if case .object(let members) = self { return members }
        return [:]
    }
}
