import Commerce
public import Connectors
import Crypto
public import Foundation

/// One change read a flow polls: a resource of one of its connections. Polling is what keeps
/// a flow whole when webhooks fall silent (WooCommerce disables a webhook after repeated
/// failed deliveries): what a webhook missed, the next poll finds (issue 6 §8).
public struct FlowFeed: Sendable, Hashable {
    /// What is read.
    public var resource: ConnectorResource
    /// The connection it is read from.
    public var connectionID: UUID
    /// The subject its messages carry (`stock-level`, `till-sale`, `order` …).
    public var subject: String

    /// The feeds a flow polls, from its template and the kinds of its connections:
    ///
    /// - `inventory-sync`: the ERP's stock, and the till sales of a POS (the source itself, or
    ///   the POS connection named by the `pos_connection_id` option);
    /// - `order-to-erp`: the shop's orders (backfilling what webhooks missed);
    /// - `catalog-publish`: the ERP's products and prices;
    /// - `fulfillment-status`: the ERP's shipments;
    /// - `returns`: the shop's refunds (read through its changed orders), and the till returns
    ///   of a POS (the source itself, or the POS named by `pos_connection_id`).
    /// Other templates run on schedules or webhooks only.
    public static func feeds(of flow: CustomerFlow, kinds: [UUID: ConnectorKind]) -> [FlowFeed] {
        guard let source = flow.sourceConnectionID, let sourceKind = kinds[source] else { return [] }
        var feeds: [FlowFeed] = []
        switch (flow.flow, sourceKind) {
        case (.inventorySync, .trytonERP): feeds.append(FlowFeed(resource: .stock, connectionID: source, subject: "stock-level"))
        case (.inventorySync, .trytonPOS): feeds.append(FlowFeed(resource: .order, connectionID: source, subject: "till-sale"))
        case (.orderToERP, .wooCommerce): feeds.append(FlowFeed(resource: .order, connectionID: source, subject: "order"))
        case (.catalogPublish, .trytonERP):
            feeds.append(FlowFeed(resource: .product, connectionID: source, subject: "product"))
            feeds.append(FlowFeed(resource: .price, connectionID: source, subject: "price"))
        case (.returns, .wooCommerce): feeds.append(FlowFeed(resource: .refund, connectionID: source, subject: "refund"))
        case (.returns, .trytonPOS): feeds.append(FlowFeed(resource: .order, connectionID: source, subject: "till-return"))
        case (.fulfillmentStatus, .trytonERP): feeds.append(FlowFeed(resource: .shipment, connectionID: source, subject: "shipment"))
        default: break
        }
        if [.inventorySync, .returns].contains(flow.flow),
           let pos = flow.options[FlowOptions.posConnectionID].flatMap(UUID.init(uuidString:)), pos != source, kinds[pos] == .trytonPOS {
            feeds.append(FlowFeed(resource: .order, connectionID: pos, subject: flow.flow == .returns ? "till-return" : "till-sale"))
        }
        return feeds
    }

    /// Reads one page of the feed from `connector` and returns it as messages to receive.
    func read(from connector: any Connector, kind: ConnectorKind, since cursor: ChangeCursor?, limit: Int,
              into flow: CustomerFlow) throws(ConnectorError) -> (messages: [NewMessage], next: ChangeCursor, hasMore: Bool) {
        func unsupported() -> ConnectorError {
            .permanent("\(kind) connections have no change read of \(resource.rawValue).")
        }
        func message<Record: Codable & Sendable>(_ record: Record, reference: String?, identity: String,
                                                 externalIDs: [ExternalID] = []) throws(ConnectorError) -> NewMessage {
            let payload: MessagePayload
            do {
                payload = try CanonicalPayload(subject: subject, record: record).payload()
            } catch {
                throw ConnectorError.permanent("Could not store a \(subject) as a message: \(error)")
            }
            // The same change read twice (an overlapping window, a reset) is one message: the
            // key is the record's identity and its content.
            let digest = Hex.encode(SHA256.hash(Array(payload.json.utf8))).prefix(32)
            return NewMessage(customerID: flow.customerID, environmentID: flow.environmentID, flow: flow.flow, subject: subject,
                              sourceSystem: kind.rawValue, sourceConnectionID: connectionID, reference: reference,
                              dedupKey: "\(kind.rawValue):\(resource.rawValue):\(identity):\(digest)", input: payload,
                              externalIDs: externalIDs.map { MessageExternalID(system: $0.system.rawValue, id: $0.id) })
        }
        switch resource {
        case .stock:
            guard let source = connector as? any StockSource else { throw unsupported() }
            let page = try source.stockChanges(since: cursor, limit: limit)
            var messages: [NewMessage] = []
            for level in page.records {
                messages.append(try message(level, reference: level.sku.text, identity: "\(level.sku.text)@\(level.location)"))
            }
            return (messages, page.next, page.hasMore)
        case .order:
            guard let source = connector as? any OrderSource else { throw unsupported() }
            let page = try source.orderChanges(since: cursor, limit: limit)
            var messages: [NewMessage] = []
            // The returns feed keeps the till sales that return something; inventory-sync
            // takes every till sale (a return's negative lines give its units back there).
            for order in page.records where subject != "till-return" || ReturnsStep.isReturn(order) {
                let id = order.externalIDs.first?.id ?? order.number
                messages.append(try message(order, reference: order.number, identity: id, externalIDs: order.externalIDs))
            }
            return (messages, page.next, page.hasMore)
        case .refund:
            guard let source = connector as? any OrderSource & RefundSource else { throw unsupported() }
            // WooCommerce has no refund topic or change read of its own: a refund changes its
            // order (date_modified, spec §10), so the changed orders are read and each one's
            // refunds asked for. An order never paid has none to ask for.
            let page = try source.orderChanges(since: cursor, limit: limit)
            var messages: [NewMessage] = []
            for order in page.records where ![.pendingPayment, .failed, .cancelled, .draft].contains(order.status) {
                guard let orderID = order.externalIDs.first?.id else { continue }
                for refund in try source.refunds(ofOrder: orderID) {
                    // One message per refund; its identity is the refund's id, so a re-read of
                    // the order (a later change, an overlapping window) is the same message.
                    let id = refund.externalIDs.first?.id ?? "\(orderID)-\(refund.createdAt.timeIntervalSince1970)"
                    messages.append(try message(refund, reference: refund.orderNumber, identity: id, externalIDs: refund.externalIDs))
                }
            }
            return (messages, page.next, page.hasMore)
        case .product:
            guard let source = connector as? any ProductSource else { throw unsupported() }
            let page = try source.productChanges(since: cursor, limit: limit)
            var messages: [NewMessage] = []
            for product in page.records {
                messages.append(try message(product, reference: product.sku.text, identity: product.sku.text,
                                            externalIDs: product.externalIDs))
            }
            return (messages, page.next, page.hasMore)
        case .price:
            guard let source = connector as? any PriceSource else { throw unsupported() }
            let page = try source.priceChanges(since: cursor, limit: limit)
            var messages: [NewMessage] = []
            for price in page.records {
                messages.append(try message(price, reference: price.sku.text, identity: price.sku.text))
            }
            return (messages, page.next, page.hasMore)
        case .shipment:
            guard let source = connector as? any ShipmentSource else { throw unsupported() }
            let page = try source.shipmentChanges(since: cursor, limit: limit)
            var messages: [NewMessage] = []
            for shipment in page.records {
                let id = shipment.externalIDs.first?.id ?? shipment.orderNumber
                messages.append(try message(shipment, reference: shipment.orderNumber, identity: id, externalIDs: shipment.externalIDs))
            }
            return (messages, page.next, page.hasMore)
        default:
            throw unsupported()
        }
    }
}
