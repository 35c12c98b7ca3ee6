/// A data domain whose system of record a customer chooses (DESIGN.md "The hub and the flows":
/// "the ERP owns items and prices; WooCommerce and the POS own their sales"). The raw value is
/// stored in `hub_ownership.domain` (Migrations/0008) and shown to operators.
public enum HubDomain: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The catalogue: products and variants by SKU.
    case items
    /// List and sale prices by SKU and currency.
    case prices
    /// Quantities on hand per SKU and location.
    case stock
    /// Sales: web orders and till sales.
    case orders
    /// Buyers: parties in the ERP, customers in the shop.
    case customers
    /// Money paid back and goods returned.
    case refunds
    /// Goods sent, with tracking.
    case shipments

    /// What one record of the domain is called in a sentence ("item", "order").
    public var recordName: String {
        switch self {
        case .items: "item"
        case .prices: "price"
        case .stock: "stock level"
        case .orders: "order"
        case .customers: "customer"
        case .refunds: "refund"
        case .shipments: "shipment"
        }
    }

    /// The raw value.
    public var description: String { rawValue }
}

/// The kind of record a cross-reference names (`hub_xrefs.entity`): the records that carry
/// ids of their own in each system. Prices and stock levels have none — they hang off an item.
public enum HubEntity: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// A product or variant, keyed by SKU.
    case item
    /// A sale, keyed by our order reference.
    case order
    /// A buyer, keyed by the flow's customer key (an e-mail, an ERP party code).
    case customer
    /// A refund or return, keyed by the flow's refund key.
    case refund
    /// A shipment, keyed by the flow's shipment key.
    case shipment

    /// The raw value.
    public var description: String { rawValue }
}
