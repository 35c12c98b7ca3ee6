/// Where an order is in its life, covering what WooCommerce, Tryton sales and Tryton's POS
/// say. The source's own word is kept in the order's external record; this is the common
/// vocabulary flows decide on ("send processing orders to the ERP").
public enum OrderStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Being put together: WooCommerce `checkout-draft`, Tryton sale `draft`, POS sale `open`.
    case draft
    /// Offered, not yet accepted: Tryton sale `quotation`.
    case quotation
    /// Placed, waiting for payment: WooCommerce `pending`.
    case pendingPayment
    /// Placed, held for a person to look at (e.g. awaiting a bank transfer): WooCommerce `on-hold`.
    case onHold
    /// Accepted, not yet being fulfilled: Tryton sale `confirmed`.
    case confirmed
    /// Paid or accepted and being fulfilled: WooCommerce `processing`, Tryton sale `processing`.
    case processing
    /// Fulfilled: WooCommerce `completed`, Tryton sale `done`, POS sale `done` and `posted`.
    case completed
    /// Called off: WooCommerce `cancelled`, Tryton sale `cancelled`, POS sale `cancelled`.
    case cancelled
    /// Paid back in full: WooCommerce `refunded` (set by a full refund).
    case refunded
    /// Payment failed or was declined: WooCommerce `failed`.
    case failed

    /// The status for a WooCommerce order `status` (spec §8; `wc_get_order_statuses`); nil for
    /// `trash`, `auto-draft` and statuses plugins add, which a mapping must name.
    public init?(wooCommerce status: String) {
        switch status {
        case "checkout-draft": self = .draft
        case "pending": self = .pendingPayment
        case "on-hold": self = .onHold
        case "processing": self = .processing
        case "completed": self = .completed
        case "cancelled": self = .cancelled
        case "refunded": self = .refunded
        case "failed": self = .failed
        default: return nil
        }
    }

    /// The status for a Tryton `sale.sale.state` (draft, quotation, confirmed, processing, done,
    /// cancelled).
    public init?(trytonSale state: String) {
        switch state {
        case "draft": self = .draft
        case "quotation": self = .quotation
        case "confirmed": self = .confirmed
        case "processing": self = .processing
        case "done": self = .completed
        case "cancelled": self = .cancelled
        default: return nil
        }
    }

    /// The status for a Tryton `sale.point.sale.state` (open, done, posted, cancelled): a till
    /// sale is complete once processed; posting is accounting, not a new state of the sale.
    public init?(trytonPOSSale state: String) {
        switch state {
        case "open": self = .draft
        case "done", "posted": self = .completed
        case "cancelled": self = .cancelled
        default: return nil
        }
    }

    /// Whether the order will not move on by itself (completed, cancelled, refunded, failed).
    public var isFinal: Bool {
        switch self {
        case .completed, .cancelled, .refunded, .failed: true
        default: false
        }
    }
}
