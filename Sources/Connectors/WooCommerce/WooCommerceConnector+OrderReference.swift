extension WooCommerceConnector: OrderReferenceTarget {
    /// The order meta key our ERP reference is written to. A leading underscore keeps it out of
    /// the order screen's custom fields box, yet the REST API returns it (spec §8, `meta_data`).
    public static let erpReferenceMetaKey = "_counterpart_erp_reference"

    /// Writes the reference into the order's `meta_data` (spec §8: send `{key, value}`), after
    /// reading the order to see whether it is there already, so a retry or a replay writes
    /// nothing. The write moves the order's `date_modified`, so WooCommerce sends an
    /// `order.updated` for it; that delivery finds the sale and the reference in place and
    /// changes nothing.
    public func recordReference(_ reference: String, onOrder number: String) throws(ConnectorError) -> Bool {
        guard let order = try wireOrder(id: number) else {
            throw ConnectorError.business("The store has no order \(number) to write the ERP reference \(reference) to.",
                                          subject: "order \(number)")
        }
        if order.metaData.contains(where: { $0.key == Self.erpReferenceMetaKey && $0.value == reference }) { return false }
        struct MetaWrite: Encodable { let key: String, value: String }
        _ = try transport.fetch(WireOrder.self, "/orders/\(order.id)", method: .put,
                                json: try WooCommerceTransport.encode(["meta_data": [MetaWrite(key: Self.erpReferenceMetaKey, value: reference)]]),
                                while: "writing the ERP reference to order \(order.number)")
        return true
    }
}
