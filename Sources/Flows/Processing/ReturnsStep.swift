public import Commerce
public import Connectors
public import Foundation

/// `returns`: WooCommerce refunds and till returns become return sales in the ERP, with the
/// goods back in stock, exactly once (issue 6 §5).
///
/// Exactly once rests on the reference, as in `order-to-erp`: it is derived from the systems'
/// ids, never from the message, so the same refund read by a poll, re-read after a cursor reset
/// or replayed by an operator finds the return the first message booked.
///
/// - A WooCommerce refund (subject `refund`): `<order-to-erp reference of the order>-R<refund id>`,
///   which also names the original sale whose customer the return takes.
/// - A till return (subject `till-return`: a POS sale with negative lines): `POS-<last 12 hex
///   of the POS connection id>-<till sale id>`; only its negative lines are the return (the
///   positive ones of an exchange are a sale, which inventory-sync takes).
///
/// Whether the ERP receives the goods (its return shipment done) is the flow's option
/// `receive_returns`, default true; with `false` the shipment waits for the warehouse.
///
/// Counted once with inventory-sync: that flow also reads till sales, and takes a till
/// return's negative lines as units back at the store (`pos_location`), pending until the ERP
/// reports a level of that store newer than the return (hub_stock_movements). The ERP return
/// this step books is received at that same store when the option `pos_location` names it, so
/// its done moves bring exactly that newer level: from then on the units are in the ERP's
/// figure and no longer pending, never in both. A shop refund is not a movement inventory-sync
/// takes (the shop does not own stock); the ERP's receipt reaches the shop as a level.
public struct ReturnsStep: FlowStep {
    /// The template.
    public let flow = FlowKind.returns

    /// Creates the step.
    public init() {}

    /// Reads the refund or till return and books it in the ERP under its reference.
    public func process(_ context: FlowStepContext) throws(ConnectorError) -> FlowStepResult {
        guard let erp = context.target as? any RefundTarget else {
            throw ConnectorError.permanent("The flow's target connection cannot take returns; choose an ERP connection.")
        }
        let message = context.message
        var refund: Refund
        let reference: String
        switch message.subject {
        case "refund":
            guard let read = try CanonicalPayload<Refund>.record(in: message.input, subject: message.subject),
                  let refundID = read.externalIDs.id(in: .wooCommerce) else {
                throw ConnectorError.business("The message holds no WooCommerce refund.", subject: message.reference)
            }
            refund = read
            reference = Self.reference(shop: message.sourceConnectionID, order: read.orderNumber, refund: refundID)
        case "till-return":
            guard let sale = try CanonicalPayload<Order>.record(in: message.input, subject: message.subject) else {
                throw ConnectorError.business("The message holds no till sale.", subject: message.reference)
            }
            guard let tillReturn = Self.refund(returnedIn: sale) else {
                return .skipped(reason: "Till sale \(sale.number) returns nothing.")
            }
            refund = tillReturn
            reference = Self.reference(pos: message.sourceConnectionID, sale: sale.externalIDs.first?.id ?? sale.number)
        default:
            return .skipped(reason: "Returns does not take \(message.subject) messages.")
        }
        refund.restocks = Self.receivesReturns(context.flow.options)
        let outcome: UpsertOutcome
        if message.subject == "till-return", let store = context.flow.options[FlowOptions.posLocation],
           let tryton = erp as? TrytonERPConnector {
            // Back to the till's store: inventory-sync counted the returned units there as a
            // movement the ERP has not seen; the ERP's next level of that store includes them
            // and ends the movement's count, so they are counted once (see the type's comment).
            outcome = try tryton.upsertRefund(refund, reference: reference, warehouse: store)
        } else {
            outcome = try erp.upsertRefund(refund, reference: reference)
        }
        let output = try? MessagePayload(encoding: ["reference": reference, "return": outcome.externalID.id,
                                                    "action": outcome.action.rawValue])
        return .delivered(output: output, externalIDs: [MessageExternalID(system: outcome.externalID.system.rawValue,
                                                                         id: outcome.externalID.id)])
    }

    /// `<order-to-erp reference>-R<refund id>`: the original sale's reference, which the ERP
    /// connector reads back to find the sale, and the shop's refund id (unique in the shop).
    public static func reference(shop: UUID?, order number: String, refund id: String) -> String {
        "\(OrderToERPStep.reference(shop: shop, order: number))-R\(id)"
    }

    /// `POS-<last 12 hex digits of the POS connection's id>-<till sale id>` (the last digits for
    /// the reason `OrderToERPStep.reference(shop:order:)` gives).
    public static func reference(pos: UUID?, sale id: String) -> String {
        "POS-\((pos?.uuidString ?? "pos").suffix(12).lowercased())-\(id)"
    }

    /// The return in a till sale: its negative lines as positive quantities and amounts (net of
    /// tax, as the till's lines are read); nil when it has none, or when it is not completed.
    public static func refund(returnedIn sale: Order) -> Refund? {
        guard [.completed, .processing, .confirmed].contains(sale.status) else { return nil }
        var lines: [Refund.Line] = []
        for line in sale.lines where line.quantity < 0 {
            guard let sku = line.sku else { continue }
            lines.append(Refund.Line(sku: sku, quantity: -line.quantity, amount: line.unitPrice.multiplied(by: -line.quantity)))
        }
        guard !lines.isEmpty, let amount = try? Money.sum(lines.map(\.amount), in: sale.currency), amount.amount > 0 else { return nil }
        return Refund(externalIDs: sale.externalIDs, orderNumber: sale.number, lines: lines, amount: amount,
                      reason: "Returned at the till", restocks: true, createdAt: sale.paidAt ?? sale.createdAt)
    }

    /// Whether a till sale returns anything (has a negative line): what the POS returns feed keeps.
    public static func isReturn(_ sale: Order) -> Bool {
        sale.lines.contains { $0.quantity < 0 }
    }

    /// The option `receive_returns`: anything but `false` receives.
    static func receivesReturns(_ options: [String: String]) -> Bool {
        options[FlowOptions.receiveReturns]?.lowercased() != "false"
    }
}
