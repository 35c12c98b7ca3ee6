public import Foundation

extension WooCommerceSimulator {
    /// A line of a seeded order.
    public struct SeedLine: Sendable {
        /// The SKU bought; a line for an unknown SKU is blank, as WooCommerce makes it (spec §8).
        public var sku: String
        /// How many.
        public var quantity: Int
        /// The line total before tax, in the store currency.
        public var total: Decimal

        /// A line.
        public init(sku: String, quantity: Int, total: Decimal) {
            self.sku = sku
            self.quantity = quantity
            self.total = total
        }
    }

    /// Adds an order as checkout would, created and modified now (the store's clock); returns
    /// its id. Queues `order.created` for webhooks on it.
    @discardableResult
    public func addOrder(status: String = "processing", lines: [SeedLine], shipping: Decimal = 0,
                         email: String = "buyer@example.test", customerID: Int = 0) -> Int {
        let now = clock.epochSeconds
        return state.withLock { store in
            let id = store.allocateID()
            var orderLines: [SimulatedOrder.Line] = []
            for line in lines {
                let product = store.holder(ofSKU: line.sku)
                orderLines.append(.init(id: store.allocateID(), productID: product.map { $0.isVariation ? $0.parentID : $0.id } ?? 0,
                                        variationID: product.flatMap { $0.isVariation ? $0.id : nil } ?? 0, name: product?.name ?? "",
                                        sku: product?.sku, quantity: line.quantity, subtotal: line.total, total: line.total))
            }
            let order = SimulatedOrder(
                id: id, status: status, currency: configuration.currency, customerID: customerID,
                billing: ["first_name": "Ada", "last_name": "Lovelace", "address_1": "Street 1", "city": "Berlin", "postcode": "10115",
                          "country": "DE", "email": email],
                shipping: ["first_name": "Ada", "last_name": "Lovelace", "address_1": "Street 1", "city": "Berlin", "postcode": "10115",
                           "country": "DE"],
                paymentMethod: "bacs", paymentMethodTitle: "Bank transfer", lines: orderLines, shippingTotal: shipping,
                shippingLineID: store.allocateID(), created: now, modified: now, paid: status == "pending" ? nil : now,
                completed: status == "completed" ? now : nil)
            store.orders[id] = order
            store.enqueue(topic: "order.created", recordID: id)
            return id
        }
    }

    /// Saves an order again now (as an admin edit would), moving its `date_modified`.
    public func touchOrder(_ id: Int) {
        let now = clock.epochSeconds
        state.withLock { store in
            store.orders[id]?.modified = now
            store.enqueue(topic: "order.updated", recordID: id)
        }
    }

    /// Records a refund of `amount` on order `id` for `quantity` of its first line, restocking.
    public func addRefund(toOrder id: Int, amount: Decimal, quantity: Int, reason: String) {
        let now = clock.epochSeconds
        state.withLock { store in
            guard var order = store.orders[id], let line = order.lines.first else { return }
            let refundID = store.allocateID()
            order.refunds.append(.init(id: refundID, amount: amount, reason: reason, created: now, lines: [(line.id, quantity, amount)]))
            order.modified = now
            store.orders[id] = order
        }
    }

    /// Adds a simple product (managed stock when `stock` is given); returns its id.
    @discardableResult
    public func addProduct(sku: String, name: String, regularPrice: String = "10.00", stock: Int? = nil) -> Int {
        let now = clock.epochSeconds
        return state.withLock { store in
            let id = store.allocateID()
            store.products[id] = SimulatedProduct(id: id, name: name, sku: sku, regularPrice: regularPrice, manageStock: stock != nil,
                                                  stockQuantity: stock, created: now, modified: now)
            return id
        }
    }

    /// Adds a customer; returns its id.
    @discardableResult
    public func addCustomer(email: String, firstName: String, lastName: String) -> Int {
        let now = clock.epochSeconds
        return state.withLock { store in
            let id = store.nextCustomerID
            store.nextCustomerID += 1
            store.customers[id] = SimulatedCustomer(id: id, email: email, firstName: firstName, lastName: lastName,
                                                    billing: ["first_name": firstName, "last_name": lastName, "email": email],
                                                    shipping: [:], created: now, modified: now)
            return id
        }
    }

    /// The products and variations the store holds, by SKU: (id, parent id, stock, regular price).
    public func catalogue() -> [String: (id: Int, parentID: Int, stock: Int?, regularPrice: String)] {
        state.withLock { store in
            var result: [String: (id: Int, parentID: Int, stock: Int?, regularPrice: String)] = [:]
            for product in store.products.values where !product.sku.isEmpty {
                result[product.sku] = (product.id, product.parentID, product.manageStock ? product.stockQuantity : nil, product.regularPrice)
            }
            return result
        }
    }

    /// An order's JSON as `GET /orders/{id}` and its webhooks send it (spec §12.2: the payload
    /// is built like the REST GET); nil for an unknown id.
    public func orderBody(_ id: Int) -> [UInt8]? {
        guard let object = state.withLock({ store in store.orders[id]?.json(baseURL: homeURL) }),
              let data = try? JSONSerialization.data(withJSONObject: object) else { return nil }
        return Array(data)
    }

    /// The `meta_data` an API client wrote on an order, by key.
    public func orderMeta(_ id: Int) -> [String: String] {
        state.withLock { store in
            Dictionary(store.orders[id]?.meta.map { ($0.key, $0.value) } ?? [], uniquingKeysWith: { _, last in last })
        }
    }

    /// An order's status and its notes' texts, newest last.
    public func orderState(_ id: Int) -> (status: String, notes: [String])? {
        state.withLock { store in store.orders[id].map { ($0.status, $0.notes.map(\.note)) } }
    }
}
