import Commerce
public import Connectors
public import Foundation

/// `order-to-erp`: a WooCommerce order becomes a confirmed sale in the ERP, exactly once, and
/// our reference is written back to the order. The sale carries our reference, derived from the shop connection and the order's number — not
/// from the message — so a webhook and a poll that both saw the order, or an operator's
/// replay, find the sale the first one made instead of making a second (de-duplicated on intake
/// and on posting). Unknown SKUs, a foreign currency or a missing customer come back from the
/// ERP connector as business errors naming the order.
public struct OrderToERPStep: FlowStep {
    /// The template.
    public let flow = FlowKind.orderToERP

    /// Creates the step.
    public init() {}

    /// Maps the order, posts it under our reference, and reports the sale's id.
    public func process(_ context: FlowStepContext) throws(ConnectorError) -> FlowStepResult {
        guard let erp = context.target as? any OrderTarget else {
            throw ConnectorError.permanent("The flow's target connection cannot take orders; choose an ERP connection.")
        }
        let order = try Self.order(in: context.message)
        // Only orders the shop has taken payment for (or will ship on account) become sales.
        guard [.processing, .onHold, .completed, .confirmed].contains(order.status) else {
            return .skipped(reason: "Order \(order.number) is \(order.status.rawValue); only paid orders become sales.")
        }
        let reference = Self.reference(shop: context.flow.sourceConnectionID, order: order.number)
        let outcome = try erp.upsertOrder(order, reference: reference)
        let wroteBack = try writeBack(reference, to: order, in: context)
        let output = try? MessagePayload(encoding: ["reference": reference, "sale": outcome.externalID.id,
                                                    "action": outcome.action.rawValue,
                                                    "reference_on_order": wroteBack.map { $0 ? "written" : "already there" } ?? "not kept"])
        return .delivered(output: output, externalIDs: [MessageExternalID(system: outcome.externalID.system.rawValue,
                                                                         id: outcome.externalID.id)])
    }

    /// The order a message holds: polled, in our envelope (`counterpart.order.v1`); from a
    /// webhook, the shop's own JSON, which the connector maps as a page of one.
    static func order(in message: Message) throws(ConnectorError) -> Order {
        if let polled = try CanonicalPayload<Order>.record(in: message.input, subject: message.subject) { return polled }
        let page = Array("[".utf8) + Array(message.input.json.utf8) + Array("]".utf8)
        guard let order = try WooCommerceConnector.orders(fromPage: page).first else {
            throw ConnectorError.business("The message holds no WooCommerce order.", subject: "message \(message.id)")
        }
        return order
    }

    /// Writes our reference back on the web order once the sale is there; nil when the shop
    /// keeps no references. A transient failure retries the message (which re-finds the sale);
    /// any other leaves it as an exception that says the sale exists — it is the shop that
    /// refused, so nothing is paused on the ERP's side, and a retry after the fix writes it.
    func writeBack(_ reference: String, to order: Order, in context: FlowStepContext) throws(ConnectorError) -> Bool? {
        guard let shop = context.source as? any OrderReferenceTarget else { return nil }
        do {
            return try shop.recordReference(reference, onOrder: order.number)
        } catch where error.errorClass == .transient {
            throw error
        } catch {
            throw ConnectorError.business("The sale \(reference) is confirmed in the ERP, but writing its reference back to order "
                                          + "\(order.number) in the shop failed: \(error.message)", subject: "order \(order.number)")
        }
    }

    /// `WC-<last 12 hex digits of the shop connection's id>-<order number>`: unique per shop,
    /// stable across messages and replays. The last digits, not the first: connection ids are
    /// UUIDv7, whose first 48 bits are the creation time, so two shops connected in the same
    /// minute share their first digits (and their order numbers start at 1 alike) — found when
    /// two test customers' orders met in one ERP. The last 48 bits are random.
    public static func reference(shop: UUID?, order number: String) -> String {
        "WC-\((shop?.uuidString ?? "shop").suffix(12).lowercased())-\(number)"
    }
}
