public import Foundation

/// Our reference of a shop order, read back: `WC-<last 12 hex of the shop connection id>-<order
/// number>` (`OrderToERPStep.reference`). The flows that act on the ERP's records of a web order
/// (`fulfillment-status`) read it to find the shop and the order a sale came from.
public struct OrderReference: Sendable, Hashable {
    /// The 12 hex digits naming the shop connection.
    public var shop: String
    /// The shop's order number.
    public var orderNumber: String

    /// The parts of `text`, or nil when it is not one of our references.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "WC", parts[1].count == 12,
              parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }), !parts[2].isEmpty else { return nil }
        shop = String(parts[1])
        orderNumber = String(parts[2])
    }

    /// Whether the reference was made for the shop connection `id`.
    public func belongs(to id: UUID) -> Bool {
        shop == id.uuidString.suffix(12).lowercased()
    }
}
