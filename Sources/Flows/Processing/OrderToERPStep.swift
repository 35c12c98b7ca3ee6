import Commerce
public import Connectors
public import Foundation

/// `order-to-erp`: a WooCommerce order becomes a confirmed sale in the ERP, exactly once. The
/// sale carries our reference, derived from the shop connection and the order's number — not
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
        let output = try? MessagePayload(encoding: ["reference": reference, "sale": outcome.externalID.id,
                                                    "action": outcome.action.rawValue])
        return .delivered(output: output, externalIDs: [MessageExternalID(system: outcome.externalID.system.rawValue,
                                                                         id: outcome.externalID.id)])
    }

    /// The message's order: a poll's canonical record (the connector mapped it when it read the
    /// page), or a webhook's body as the shop sent it.
    static func order(in message: Message) throws(ConnectorError) -> Order {
        if let polled = try CanonicalPayload<Order>.record(in: message.input, subject: message.subject) {
            return polled
        }
        // A webhook body is one order; the connector maps pages, so the order is read as a page of one.
        let page = Array("[".utf8) + Array(message.input.json.utf8) + Array("]".utf8)
        guard let order = try WooCommerceConnector.orders(fromPage: page).first else {
            throw ConnectorError.business("The message holds no WooCommerce order.", subject: "message \(message.id)")
        }
        return order
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
