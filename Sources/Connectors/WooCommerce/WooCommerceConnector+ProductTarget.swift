public import Commerce

extension WooCommerceConnector: ProductTarget {
    /// Creates or updates products by SKU through `/products/batch`, then their variations
    /// through `/products/{id}/variations/batch`, at most `batch_size` items a request.
    ///
    /// Idempotent: every SKU is looked up first (products and variations share the SKU space,
    /// spec §4), only absent ones are created, and a record that already holds the values is
    /// not written (`unchanged`). A create that loses a race to another writer answers
    /// `product_invalid_sku`; the record is then looked up again and updated. One outcome per
    /// product, keyed by its SKU; a refused item is a business error naming the SKU.
    public func upsertProducts(_ products: [Product], prices: [SKU: Price]) throws(ConnectorError) -> BatchOutcome {
        var failures: [SKU: ConnectorError] = [:]
        var accepted: [Product] = []
        let needsCurrency = products.contains { $0.sellableSKUs.contains { prices[$0] != nil } }
        let currency = needsCurrency ? try storeCurrency() : nil
        for product in products {
            if let failure = problem(with: product, prices: prices, currency: currency) {
                failures[product.sku] = failure
            } else {
                accepted.append(product)
            }
        }
        let lookup = WooCommerceSKULookup(transport: transport)
        var existing = try lookup.records(for: accepted.flatMap { [$0.sku] + $0.variants.map(\.sku) })
        var actions: [SKU: UpsertOutcome.Action] = [:]
        var parentIDs: [SKU: Int] = [:]

        // The products themselves (simple ones complete, variable ones as parents).
        var operations: [WooCommerceBatch.Operation<ProductWrite>] = []
        var operationProducts: [Product] = []
        for product in accepted {
            let found = existing[product.sku]
            if let found, found.type == "variation" {
                failures[product.sku] = .business("SKU \(product.sku) belongs to variation \(found.id) of WooCommerce product \(found.parentID); "
                    + "a product cannot take it.", subject: "SKU \(product.sku)")
                continue
            }
            let write = WooCommerceProductMapping.write(product, price: prices[product.sku], id: found?.id, settings: settings)
            if let found {
                parentIDs[product.sku] = found.id
                guard write.changes(found) else { actions[product.sku] = .unchanged; continue }
                operations.append(.update(write))
            } else {
                operations.append(.create(write))
            }
            operationProducts.append(product)
        }
        var retryAsUpdate: [Product] = []
        let results = try WooCommerceBatch.write(operations, to: "/products/batch", as: WireProduct.self, size: settings.batchSize,
                                                 through: transport, while: "writing \(operations.count) products")
        for (product, (operation, result)) in zip(operationProducts, zip(operations, results)) {
            let sku = product.sku
            switch result {
            case .written(let record):
                parentIDs[sku] = record.id
                if case .create = operation { actions[sku] = .created } else { actions[sku] = .updated }
            case .refused(let reply) where reply.isDuplicateSKU:
                retryAsUpdate.append(product)
            case .refused(let reply):
                failures[sku] = Self.refusal(reply, sku: sku)
            case .failed(let error):
                failures[sku] = error.about("SKU \(sku)")
            }
        }
        if !retryAsUpdate.isEmpty {
            // Another writer created these between our lookup and our create: update theirs.
            let raced = try lookup.records(for: retryAsUpdate.map(\.sku))
            existing.merge(raced) { _, new in new }
            let retries = retryAsUpdate.compactMap { product -> (SKU, ProductWrite)? in
                let sku = product.sku
                guard let found = raced[sku], found.type != "variation" else {
                    failures[sku] = .business("WooCommerce says SKU \(sku) is taken, but no product holds it; it may be in the trash.",
                                              subject: "SKU \(sku)")
                    return nil
                }
                parentIDs[sku] = found.id
                return (sku, WooCommerceProductMapping.write(product, price: prices[sku], id: found.id, settings: settings))
            }
            let retried = try WooCommerceBatch.write(retries.map { .update($0.1) }, to: "/products/batch", as: WireProduct.self,
                                                     size: settings.batchSize, through: transport, while: "updating \(retries.count) products")
            for ((sku, _), result) in zip(retries, retried) {
                switch result {
                case .written: actions[sku] = .updated
                case .refused(let reply): failures[sku] = Self.refusal(reply, sku: sku)
                case .failed(let error): failures[sku] = error.about("SKU \(sku)")
                }
            }
        }

        // The variations of each variable product whose parent is in place.
        for product in accepted where !product.variants.isEmpty && failures[product.sku] == nil {
            guard let parentID = parentIDs[product.sku] else { continue }
            switch try writeVariations(of: product, parentID: parentID, existing: existing, prices: prices) {
            case .success(let changed):
                if changed && actions[product.sku] == .unchanged { actions[product.sku] = .updated }
            case .failure(let error):
                failures[product.sku] = error
            }
        }

        return BatchOutcome(items: products.map { product in
            if let failure = failures[product.sku] { return BatchOutcome.Item(key: product.sku.text, result: .failure(failure)) }
            let id = parentIDs[product.sku].map(String.init) ?? ""
            return BatchOutcome.Item(key: product.sku.text, result: .success(UpsertOutcome(
                key: product.sku.text, externalID: ExternalID(.wooCommerce, id), action: actions[product.sku] ?? .unchanged)))
        })
    }

    /// Creates and updates the variations of one parent; whether any was written, or the
    /// first refusal naming its variant's SKU.
    private func writeVariations(of product: Product, parentID: Int, existing: [SKU: WireProduct],
                                 prices: [SKU: Price]) throws(ConnectorError) -> Result<Bool, ConnectorError> {
        var operations: [WooCommerceBatch.Operation<ProductWrite>] = []
        var skus: [SKU] = []
        for variant in product.variants {
            let found = existing[variant.sku]
            if let found, found.type != "variation" || found.parentID != parentID {
                let holder = found.type == "variation" ? "variation \(found.id) of product \(found.parentID)" : "product \(found.id)"
                return .failure(.business("Variant SKU \(variant.sku) is held by WooCommerce \(holder), not by product \(parentID).",
                                          subject: "SKU \(product.sku)"))
            }
            let write = WooCommerceProductMapping.write(variant, price: prices[variant.sku], id: found?.id, settings: settings)
            if let found {
                guard write.changes(found) else { continue }
                operations.append(.update(write))
            } else {
                operations.append(.create(write))
            }
            skus.append(variant.sku)
        }
        guard !operations.isEmpty else { return .success(false) }
        let results = try WooCommerceBatch.write(operations, to: "/products/\(parentID)/variations/batch", as: WireProduct.self,
                                                 size: settings.batchSize, through: transport,
                                                 while: "writing \(operations.count) variations of product \(parentID)")
        for (sku, result) in zip(skus, results) {
            switch result {
            case .written: continue
            case .refused(let reply): return .failure(Self.refusal(reply, sku: sku).about("SKU \(product.sku)"))
            case .failed(let error): return .failure(error.about("SKU \(product.sku)"))
            }
        }
        return .success(true)
    }

    /// What is wrong with a product before anything is sent: its own validation, and prices in
    /// another currency than the store's (WooCommerce has one currency and would take the
    /// number as it is).
    private func problem(with product: Product, prices: [SKU: Price], currency: CurrencyCode?) -> ConnectorError? {
        let problems = product.validate()
        if !problems.isEmpty {
            return .business("The product is not valid: " + problems.map(\.description).joined(separator: "; "), subject: "SKU \(product.sku)")
        }
        for sku in product.sellableSKUs {
            guard let price = prices[sku] else { continue }
            if let currency, price.currency != currency {
                return .business("The price of \(sku) is in \(price.currency); the store sells in \(currency).", subject: "SKU \(product.sku)")
            }
            let priceProblems = price.validate()
            if !priceProblems.isEmpty {
                return .business("The price of \(sku) is not valid: " + priceProblems.map(\.description).joined(separator: "; "),
                                 subject: "SKU \(product.sku)")
            }
        }
        return nil
    }

    /// A refused batch item as a business error naming the SKU and WooCommerce's words.
    static func refusal(_ reply: WooCommerceErrorReply, sku: SKU) -> ConnectorError {
        .business("WooCommerce refused SKU \(sku): \(reply.code): \(reply.message)", subject: "SKU \(sku)",
                  upstream: UpstreamReply(status: nil, excerpt: "{\"code\":\"\(reply.code)\",\"message\":\"\(reply.message)\"}"))
    }
}
