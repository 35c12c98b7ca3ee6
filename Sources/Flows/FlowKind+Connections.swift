public import Connectors

extension FlowKind {
    /// The connector kinds a flow reads from; empty when it needs no source connection.
    public var sourceKinds: Set<ConnectorKind> {
        switch self {
        case .inventorySync: [.trytonERP, .trytonPOS, .fileDrop]
        case .orderToERP: [.wooCommerce]
        case .catalogPublish: [.trytonERP, .fileDrop]
        case .returns: [.wooCommerce, .trytonPOS]
        case .fulfillmentStatus: [.trytonERP]
        case .reconciliation: [.wooCommerce]
        case .fileDrop: [.fileDrop]
        default: []
        }
    }

    /// The connector kinds a flow writes to.
    public var targetKinds: Set<ConnectorKind> {
        switch self {
        case .inventorySync: [.wooCommerce, .outboundWebhook]
        case .orderToERP: [.trytonERP, .fileDrop]
        case .catalogPublish: [.wooCommerce, .trytonPOS, .outboundWebhook]
        case .returns: [.trytonERP]
        case .fulfillmentStatus: [.wooCommerce]
        case .reconciliation: [.trytonERP]
        case .fileDrop: [.trytonERP, .wooCommerce]
        default: []
        }
    }
}
