import Commerce
import Foundation

/// Customer taxes as Tryton keeps them: `account.tax` (`name`, `type` percentage/fixed, `rate`,
/// `amount`) attached to a product's accounting category (`product.category`
/// `customer_taxes_used`). A sale line created over RPC runs no on_change, so it gets no tax
/// unless the connector adds the category's taxes itself.
struct TrytonTaxes {
    let client: TrytonClient

    /// One tax.
    struct Tax: Sendable, Hashable {
        var id: Int
        var name: String
        /// The fraction for a percentage tax (0.10).
        var rate: Decimal?
        /// The amount per unit for a fixed tax.
        var fixedAmount: Decimal?

        /// The tax on a line of `amount` (quantity × unit price) and `quantity`, rounded half to
        /// even to the currency's minor units, as Tryton rounds each tax line.
        func amount(on amount: Money, quantity: Decimal) -> Money {
            if let rate { return amount.multiplied(by: rate).rounded(.halfEven) }
            return Money((fixedAmount ?? 0) * quantity, amount.currency).rounded(.halfEven)
        }

        /// The tax as a Commerce tax line for `amount` and `quantity`.
        func line(on amount: Money, quantity: Decimal) -> TaxLine {
            TaxLine(label: name, rate: rate, amount: self.amount(on: amount, quantity: quantity))
        }
    }

    /// The customer tax ids of an accounting category.
    func customerTaxIDs(ofCategory categoryID: Int) throws(ConnectorError) -> [Int] {
        try client.remembered("category-taxes:\(categoryID)") { () throws(ConnectorError) -> TrytonValue in
            .ids(try client.read("product.category", [categoryID], fields: ["customer_taxes_used"]).first?["customer_taxes_used"]?.idList ?? [])
        }.idList
    }

    /// The taxes with these ids.
    func taxes(_ ids: [Int]) throws(ConnectorError) -> [Tax] {
        guard !ids.isEmpty else { return [] }
        let records = try client.read("account.tax", Array(Set(ids)).sorted(), fields: ["name", "type", "rate", "amount"])
        let byID = Dictionary(records.map { record in
            (record.id, Tax(id: record.id, name: record.text("name") ?? "tax \(record.id)",
                            rate: record.text("type") == "percentage" ? record["rate"]?.decimalValue : nil,
                            fixedAmount: record.text("type") == "fixed" ? record["amount"]?.decimalValue : nil))
        }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byID[$0] }
    }
}
