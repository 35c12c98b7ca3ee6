public import Commerce
public import Foundation

/// A record of the hub, whichever kind it is.
public enum HubRecord: Sendable, Hashable {
    /// An item.
    case item(Product)
    /// A price.
    case price(Price)
    /// A stock level.
    case stock(StockLevel)
    /// An order under our reference.
    case order(reference: String, Order)

    /// The record's domain.
    public var domain: HubDomain {
        switch self {
        case .item: .items
        case .price: .prices
        case .stock: .stock
        case .order: .orders
        }
    }

    /// The record's key, as in `HubWriteResult.key`.
    public var key: String {
        switch self {
        case .item(let product): product.sku.text
        case .price(let price): Hub.priceKey(price.sku, price.currency)
        case .stock(let level): Hub.stockKey(level)
        case .order(let reference, _): reference
        }
    }
}

/// One entry of the hub's change log: a record as it is now, with the number of its last
/// change. A record changed twice since a follower last read appears once, as it is now — the
/// log is compacted, as a follower that publishes state (not events) needs.
public struct HubChange: Sendable, Hashable {
    /// The change number; strictly increasing per customer environment, in commit order.
    public var changeSeq: Int64
    /// The record as it is now.
    public var record: HubRecord
    /// Who changed it last.
    public var source: HubSource
    /// When.
    public var updatedAt: Date

    /// An entry.
    public init(changeSeq: Int64, record: HubRecord, source: HubSource, updatedAt: Date) {
        self.changeSeq = changeSeq
        self.record = record
        self.source = source
        self.updatedAt = updatedAt
    }
}
