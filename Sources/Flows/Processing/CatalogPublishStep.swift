public import Commerce
public import Connectors
import Foundation

/// `catalog-publish`: items and prices from the ERP to the shop or the till (issue 6 §5), and
/// from a legacy item master file (a file drop's `item` messages, product and price together).
///
/// The ERP owns items and prices: each change is published into the hub first, and only what
/// the hub says changed goes out — a poll that re-reads an unchanged item, or a price saved
/// without a new amount, writes nothing to the target. A message that failed before (a retry)
/// or an operator's replay always writes, since the earlier attempt may not have reached the
/// target. The target writes by SKU, so a repeat is an update, never a duplicate.
public struct CatalogPublishStep: FlowStep {
    /// The template.
    public let flow = FlowKind.catalogPublish

    /// Creates the step.
    public init() {}

    /// Publishes the item (with its prices) or the price (with its item) to the target.
    public func process(_ context: FlowStepContext) throws(ConnectorError) -> FlowStepResult {
        guard let target = context.target as? any ProductTarget else {
            throw ConnectorError.permanent("The flow's target connection cannot take products; choose a shop or till connection.")
        }
        let message = context.message
        guard let connectionID = message.sourceConnectionID else {
            throw ConnectorError.business("The message names no source connection.", subject: message.reference)
        }
        let source = HubSource(system: SystemKind(rawValue: message.sourceSystem), connectionID: connectionID)
        let mustWrite = message.attempts > 0 || message.replayOf != nil
        let product: Product
        let changed: Bool
        switch message.subject {
        case "product":
            guard let read = try CanonicalPayload<Product>.record(in: message.input, subject: message.subject) else {
                throw ConnectorError.business("The message holds no product.", subject: message.reference)
            }
            product = read
            changed = try context.transaction { connection in
                try Hub.publishItems([read], from: source, in: context.hubScope, on: connection).contains { $0.outcome.changed }
            }
        case DroppedFile.itemSubject:
            // A file drop's item master row: the product and its price, published together.
            guard let record = try CanonicalPayload<ItemMasterRecord>.record(in: message.input, subject: message.subject) else {
                throw ConnectorError.business("The message holds no item master record.", subject: message.reference)
            }
            product = record.product
            changed = try context.transaction { connection in
                let items = try Hub.publishItems([record.product], from: source, in: context.hubScope, on: connection)
                let prices = try record.price.map {
                    try Hub.publishPrices([$0], from: source, in: context.hubScope, on: connection)
                } ?? []
                return (items + prices).contains { $0.outcome.changed }
            }
        case "price":
            guard let price = try CanonicalPayload<Price>.record(in: message.input, subject: message.subject) else {
                throw ConnectorError.business("The message holds no price.", subject: message.reference)
            }
            let (priceChanged, held) = try context.transaction { connection in
                (try Hub.publishPrices([price], from: source, in: context.hubScope, on: connection).contains { $0.outcome.changed },
                 try Hub.item(price.sku, in: context.hubScope, on: connection)?.record)
            }
            // A variant's price goes out with its product, which the source reads by the variant's SKU.
            var item = held
            if item == nil, let erp = context.source as? any ProductSource { item = try erp.product(sku: price.sku) }
            guard let item else {
                return .skipped(reason: "The price of \(price.sku) waits for its item, which the ERP does not hold.")
            }
            product = item
            changed = priceChanged
        default:
            return .skipped(reason: "Catalogue publishing does not take \(message.subject) messages.")
        }
        guard changed || mustWrite else {
            return .skipped(reason: "\(product.sku) has not changed since it was last published.")
        }
        let skus = [product.sku] + product.variants.map(\.sku)
        let prices = try context.transaction { connection in
            try skus.reduce(into: [SKU: Price]()) { prices, sku in
                prices[sku] = try Hub.prices(of: sku, in: context.hubScope, on: connection).first?.record
            }
        }
        let outcome = try target.upsertProducts([product], prices: prices)
        var written: [String: String] = [:]
        var ids: [MessageExternalID] = []
        for item in outcome.items {
            switch item.result {
            case .success(let upsert):
                written[upsert.key] = upsert.action.rawValue
                ids.append(MessageExternalID(system: upsert.externalID.system.rawValue, id: upsert.externalID.id))
            case .failure(let error):
                throw error
            }
        }
        return .delivered(output: try? MessagePayload(encoding: ["published": written]), externalIDs: ids)
    }
}
