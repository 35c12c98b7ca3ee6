/// One of the flow templates a customer switches on per environment (DESIGN.md "The hub and the
/// flows"). The raw value is stored with mappings, flow settings and messages, so it never
/// changes once shipped.
public struct FlowKind: RawRepresentable, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The stable identifier, e.g. `order-to-erp`.
    public let rawValue: String

    /// Wraps a stored identifier; use ``init(validating:)`` for input.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A known flow by its identifier, or nil.
    public init?(validating text: String) {
        guard let known = Self.allCases.first(where: { $0.rawValue == text }) else { return nil }
        self = known
    }

    /// Stock from the ERP and POS sales to the shop, with safety stock and drift repair.
    public static let inventorySync = FlowKind(rawValue: "inventory-sync")
    /// Web orders into the ERP as confirmed sales, exactly once.
    public static let orderToERP = FlowKind(rawValue: "order-to-erp")
    /// Items and prices from the ERP to the shop and the POS.
    public static let catalogPublish = FlowKind(rawValue: "catalog-publish")
    /// Web refunds and POS returns into the ERP, stock back.
    public static let returns = FlowKind(rawValue: "returns")
    /// ERP shipments complete web orders with tracking.
    public static let fulfillmentStatus = FlowKind(rawValue: "fulfillment-status")
    /// Daily comparison of orders and totals between shop and ERP.
    public static let reconciliation = FlowKind(rawValue: "reconciliation")
    /// Legacy CSV files in and out over SFTP.
    public static let fileDrop = FlowKind(rawValue: "file-drop")

    /// Every template, in the order the portal lists them.
    public static let allCases: [FlowKind] = [
        .inventorySync, .orderToERP, .catalogPublish, .returns, .fulfillmentStatus, .reconciliation, .fileDrop,
    ]

    /// The name shown to people.
    public var displayName: String {
        switch self {
        case .inventorySync: return "Inventory sync"
        case .orderToERP: return "Orders to ERP"
        case .catalogPublish: return "Catalogue publish"
        case .returns: return "Returns"
        case .fulfillmentStatus: return "Fulfilment status"
        case .reconciliation: return "Daily reconciliation"
        case .fileDrop: return "File drop"
        default: return rawValue
        }
    }

    /// The identifier.
    public var description: String { rawValue }
}
