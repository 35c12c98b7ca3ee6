public import Foundation

/// Shipping charged on an order: WooCommerce `shipping_lines[]`, a Tryton sale's shipment cost line.
public struct ShippingLine: Sendable, Hashable, Codable {
    /// The line's ids in the systems.
    public var externalIDs: [ExternalID]
    /// The shipping method's id (`flat_rate`, `free_shipping`).
    public var method: String
    /// The method as the buyer saw it (`Flat rate`).
    public var title: String
    /// What was charged, before tax; zero or more.
    public var amount: Money
    /// Taxes on the shipping.
    public var taxes: [TaxLine]

    /// A shipping charge.
    public init(externalIDs: [ExternalID] = [], method: String, title: String, amount: Money, taxes: [TaxLine] = []) {
        self.externalIDs = externalIDs
        self.method = method
        self.title = title
        self.amount = amount
        self.taxes = taxes
    }
}

/// A fee on an order (gift wrapping, payment surcharge): WooCommerce `fee_lines[]`. A fee may be
/// negative: WooCommerce stores ad-hoc order discounts as negative fees.
public struct FeeLine: Sendable, Hashable, Codable {
    /// The line's ids in the systems.
    public var externalIDs: [ExternalID]
    /// What the fee is for.
    public var name: String
    /// The fee before tax.
    public var amount: Money
    /// Taxes on the fee.
    public var taxes: [TaxLine]

    /// A fee.
    public init(externalIDs: [ExternalID] = [], name: String, amount: Money, taxes: [TaxLine] = []) {
        self.externalIDs = externalIDs
        self.name = name
        self.amount = amount
        self.taxes = taxes
    }
}

/// Money received for an order: WooCommerce `payment_method`, `transaction_id`, `date_paid`;
/// a Tryton POS `sale.point.payment` (method and amount, several per sale).
public struct Payment: Sendable, Hashable, Codable {
    /// The method's id (`bacs`, `stripe`, `cash`).
    public var method: String
    /// The method as shown (`Bank transfer`).
    public var methodTitle: String?
    /// The payment provider's reference, for reconciliation.
    public var transactionID: String?
    /// How much; above zero.
    public var amount: Money
    /// When it was received, if it was.
    public var paidAt: Date?

    /// A payment.
    public init(method: String, methodTitle: String? = nil, transactionID: String? = nil, amount: Money, paidAt: Date? = nil) {
        self.method = method
        self.methodTitle = methodTitle
        self.transactionID = transactionID
        self.amount = amount
        self.paidAt = paidAt
    }
}
