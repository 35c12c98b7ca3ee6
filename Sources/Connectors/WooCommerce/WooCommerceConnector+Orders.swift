public import Commerce
import Foundation

extension WooCommerceConnector: OrderSource {
    /// Orders changed since the cursor (`/orders`, spec §4 connector rule). Trashed and
    /// auto-draft orders are passed over; an order whose status or currency Commerce does not
    /// know fails the page with a business error naming it, rather than being skipped unseen.
    public func orderChanges(since cursor: ChangeCursor?, limit: Int) throws(ConnectorError) -> ChangePage<Order> {
        try changes("/orders", since: cursor, limit: limit,
                    key: { (wire: WireOrder) in wire.changeKey ?? .init(id: wire.id, modified: wire.created) },
                    isIgnored: { WooCommerceOrderMapping.ignoredStatuses.contains($0.status) },
                    map: { (wires: [WireOrder]) throws(ConnectorError) in
                        var orders: [Order] = []
                        orders.reserveCapacity(wires.count)
                        for wire in wires { orders.append(try WooCommerceOrderMapping.order(wire)) }
                        return orders
                    },
                    while: "reading changed orders")
    }

    /// The order with WooCommerce id `id`, or nil when there is none (404 `…_invalid_id`).
    public func order(id: String) throws(ConnectorError) -> Order? {
        guard let wire = try wireOrder(id: id) else { return nil }
        return try WooCommerceOrderMapping.order(wire)
    }

    /// The order as WooCommerce sends it.
    func wireOrder(id: String) throws(ConnectorError) -> WireOrder? {
        guard let number = Int(id), number > 0 else {
            throw ConnectorError.business("WooCommerce order ids are whole numbers; \(id) is not one.", subject: "order \(id)")
        }
        let action = "reading order \(number)"
        let response = try transport.send(.get, "/orders/\(number)", while: action)
        if response.status == 404, WooCommerceErrorReply(response)?.isUnknownID == true { return nil }
        return try transport.decode(WireOrder.self, from: response, while: action)
    }
}

extension WooCommerceConnector: RefundSource {
    /// The refunds of an order, oldest first (`/orders/{id}/refunds`, spec §10), with positive
    /// quantities and amounts. Whether a refund put goods back is read from the order line's
    /// `_restock_refunded_items`; a refunded line without an SKU (its product deleted) leaves
    /// its amount in the refund's total only.
    public func refunds(ofOrder orderID: String) throws(ConnectorError) -> [Refund] {
        guard let wireOrder = try wireOrder(id: orderID) else {
            throw ConnectorError.business("The store has no order \(orderID).", subject: "order \(orderID)")
        }
        guard let currency = CurrencyCode(wireOrder.currency) else {
            throw ConnectorError.business("Currency \(wireOrder.currency) is not an ISO 4217 code Counterpart knows.", subject: "order \(orderID)")
        }
        let restockedLines = Set(wireOrder.lineItems.filter { item in
            item.metaData?.contains { $0.key == "_restock_refunded_items" && ($0.value ?? "0") != "0" } ?? false
        }.map(\.id))
        let wires = try readAll(WireRefund.self, "/orders/\(wireOrder.id)/refunds", while: "reading the refunds of order \(orderID)")
        var refunds: [Refund] = []
        for wire in wires.sorted(by: { ($0.created, $0.id) < ($1.created, $1.id) }) {
            let subject = "refund \(wire.id) of order \(wireOrder.number)"
            guard let amount = Money(wire.amount, currency) else {
                throw ConnectorError.business("amount \(wire.amount) is not a decimal amount.", subject: subject)
            }
            var lines: [Refund.Line] = []
            var restocks = false
            for line in wire.lineItems {
                guard let skuText = line.sku, let sku = try? SKU(skuText), let total = Money(line.total, currency) else { continue }
                let refundedItem = line.metaData?.first { $0.key == "_refunded_item_id" }?.value.flatMap { Int($0) }
                if let refundedItem, restockedLines.contains(refundedItem), line.quantity != 0 { restocks = true }
                lines.append(Refund.Line(sku: sku, quantity: -line.quantity, amount: total.negated))
            }
            refunds.append(Refund(externalIDs: [ExternalID(.wooCommerce, String(wire.id))], orderNumber: wireOrder.number,
                                  lines: lines, amount: amount, reason: wire.reason.flatMap { $0.isEmpty ? nil : $0 },
                                  restocks: restocks, createdAt: wire.created.date))
        }
        return refunds
    }
}

extension WooCommerceConnector {
    /// Maps a page of orders exactly as `GET /orders` sends it (a JSON array) to Commerce:
    /// what a change read does with each page, offered for imports of saved API answers and for
    /// `make bench-connectors`. Trashed and auto-draft orders are left out.
    public static func orders(fromPage body: [UInt8]) throws(ConnectorError) -> [Order] {
        let wires: [WireOrder]
        do { wires = try JSONDecoder().decode([WireOrder].self, from: Data(body)) } catch {
            throw ConnectorError.business("The page is not WooCommerce orders: \(WooCommerceTransport.describe(error)).",
                                          upstream: UpstreamReply(status: nil, body: body))
        }
        var orders: [Order] = []
        orders.reserveCapacity(wires.count)
        for wire in wires where !WooCommerceOrderMapping.ignoredStatuses.contains(wire.status) {
            orders.append(try WooCommerceOrderMapping.order(wire))
        }
        return orders
    }
}
