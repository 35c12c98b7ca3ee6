public import Commerce

extension WooCommerceConnector: ProductSource {
    /// Products changed since the cursor, each with all its variations. A product WooCommerce
    /// holds without an SKU cannot be matched and is left out (spec §7: `sku` is `""` when
    /// unset); so is a variation without one.
    public func productChanges(since cursor: ChangeCursor?, limit: Int) throws(ConnectorError) -> ChangePage<Product> {
        try changes("/products", since: cursor, limit: limit,
                    key: { (wire: WireProduct) in wire.changeKey ?? .init(id: wire.id, modified: .init(secondsSinceEpoch: 0)) },
                    isIgnored: { $0.sku.isEmpty || $0.status == "trash" },
                    map: { (wires: [WireProduct]) throws(ConnectorError) in
                        var products: [Product] = []
                        for wire in wires { products.append(try withVariations(wire)) }
                        return products
                    },
                    while: "reading changed products")
    }

    /// The product holding `sku`: a variation's SKU gives its parent with every variation.
    public func product(sku: SKU) throws(ConnectorError) -> Product? {
        guard let record = try WooCommerceSKULookup(transport: transport).records(for: [sku])[sku] else { return nil }
        if record.type == "variation" { return try product(id: record.parentID) }
        return try withVariations(record)
    }

    /// The product with WooCommerce id `id` (a variation's `parent_id`, the reference of a
    /// variation's `product.updated` delivery), with its variations; nil when there is none.
    public func product(id: Int) throws(ConnectorError) -> Product? {
        let action = "reading product \(id)"
        let response = try transport.send(.get, "/products/\(id)", query: [("context", "edit")], while: action)
        if response.status == 404, WooCommerceErrorReply(response)?.isUnknownID == true { return nil }
        return try withVariations(try transport.decode(WireProduct.self, from: response, while: action))
    }

    /// `wire` mapped, with its variations read when it is variable.
    func withVariations(_ wire: WireProduct) throws(ConnectorError) -> Product {
        var variations: [WireProduct] = []
        if wire.type == "variable" {
            variations = try readAll(WireProduct.self, "/products/\(wire.id)/variations", query: [("context", "edit")],
                                     while: "reading the variations of product \(wire.id)")
                .filter { !$0.sku.isEmpty }
        }
        return try WooCommerceProductMapping.product(wire, variations: variations, settings: settings)
    }
}
