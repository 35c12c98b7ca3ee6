public import Commerce
public import Foundation

/// The day's comparison of a shop with the ERP, without a database or a network: given the
/// shop's orders and the ERP's sales under our references, which orders count on each side,
/// their totals, and what differs.
///
/// Which web orders reach the ERP follows `OrderToERPStep`: an order paid for or on account
/// (processing, on-hold, completed, confirmed) becomes a sale; one pending payment, failed,
/// or a draft never does and is left out. A cancelled or refunded order counts only when a
/// sale was made for it before (its sale should then be cancelled too); cancelled before it
/// was synced, it was never the ERP's business.
///
/// Totals compare what the ERP holds: the lines with their tax. Tryton's sale carries shipping
/// and fees as comment lines without amounts (TrytonSales), so the shop's side is its total
/// less shipping, fees and their taxes.
public struct ReconciliationComparison: Sendable {
    /// The largest difference in one order's totals that is not a mismatch.
    public var tolerance: Decimal

    /// A comparison with `tolerance` (the flow's `total_tolerance`).
    public init(tolerance: Decimal) {
        self.tolerance = tolerance
    }

    /// The statuses whose orders `order-to-erp` posts as sales.
    public static let postedStatuses: Set<OrderStatus> = [.processing, .onHold, .completed, .confirmed]
    /// The statuses that undo an order after it may have been posted.
    public static let undoneStatuses: Set<OrderStatus> = [.cancelled, .refunded]

    /// What was found.
    public struct Outcome: Sendable, Equatable {
        /// Shop orders that reach the ERP.
        public var shopOrders = 0
        /// ERP sales counted.
        public var erpOrders = 0
        /// Their totals.
        public var shopTotal: Decimal = 0
        /// The ERP's totals.
        public var erpTotal: Decimal = 0
        /// The currency, from the first order seen.
        public var currency: String?
        /// What differs, by order number then kind.
        public var mismatches: [ReconciliationMismatch] = []
    }

    /// Compares `dayOrders` (the shop's orders created in the day) with `sales` (the ERP's,
    /// by reference: those under the day's references and those under `prefix` dated the day).
    /// `otherShopNumbers` are the shop's orders of neighbouring days: a sale for one of those is
    /// another day's business, not one the shop lacks.
    public func compare(dayOrders: [Order], sales: [String: Order], prefix: String,
                        otherShopNumbers: Set<String>) -> Outcome {
        var outcome = Outcome()
        var matched: Set<String> = []
        for order in dayOrders.sorted(by: { Self.numberOrder($0.number, $1.number) }) {
            let reference = prefix + order.number
            let sale = sales[reference]
            if sale != nil { matched.insert(reference) }
            let undone = Self.undoneStatuses.contains(order.status)
            guard Self.postedStatuses.contains(order.status) || (undone && sale != nil) else { continue }
            let shopTotal = Self.comparableTotal(order)
            outcome.shopOrders += 1
            outcome.shopTotal += shopTotal
            outcome.currency = outcome.currency ?? order.currency.description
            guard let sale else {
                outcome.mismatches.append(.init(orderNumber: order.number, kind: .missingInERP, shopValue: Self.text(shopTotal, order.currency),
                                                erpValue: nil))
                continue
            }
            let erpTotal = sale.stated?.total.amount ?? 0
            outcome.erpOrders += 1
            outcome.erpTotal += erpTotal
            if undone != (sale.status == .cancelled) {
                outcome.mismatches.append(.init(orderNumber: order.number, kind: .statusDiffers, shopValue: order.status.rawValue,
                                                erpValue: sale.status.rawValue))
            }
            if abs(erpTotal - shopTotal) > tolerance {
                outcome.mismatches.append(.init(orderNumber: order.number, kind: .totalDiffers,
                                                shopValue: Self.text(shopTotal, order.currency), erpValue: Self.text(erpTotal, sale.currency)))
            }
        }
        for (reference, sale) in sales.sorted(by: { Self.numberOrder($0.key, $1.key) }) where !matched.contains(reference) {
            guard reference.hasPrefix(prefix) else { continue }
            let number = String(reference.dropFirst(prefix.count))
            guard !otherShopNumbers.contains(number), sale.status != .cancelled else { continue }
            let erpTotal = sale.stated?.total.amount ?? 0
            outcome.erpOrders += 1
            outcome.erpTotal += erpTotal
            outcome.currency = outcome.currency ?? sale.currency.description
            outcome.mismatches.append(.init(orderNumber: number, kind: .missingInShop, shopValue: nil,
                                            erpValue: Self.text(erpTotal, sale.currency)))
        }
        return outcome
    }

    /// The order's total as the ERP would hold it: without shipping, fees and their taxes.
    public static func comparableTotal(_ order: Order) -> Decimal {
        let stated = order.stated?.total.amount ?? (try? order.totals().total.amount) ?? 0
        let charges = order.shippingLines.reduce(Decimal(0)) { $0 + $1.amount.amount } + order.fees.reduce(Decimal(0)) { $0 + $1.amount.amount }
        let chargeTaxes = (order.shippingLines.flatMap(\.taxes) + order.fees.flatMap(\.taxes)).reduce(Decimal(0)) { $0 + $1.amount.amount }
        return stated - charges - (order.taxInclusion == .exclusive ? chargeTaxes : 0)
    }

    static func text(_ amount: Decimal, _ currency: CurrencyCode) -> String {
        "\(Money(amount, currency))"
    }

    /// Order numbers in numeric order where they are numbers (WooCommerce's are), else by text.
    static func numberOrder(_ lhs: String, _ rhs: String) -> Bool {
        lhs.count == rhs.count ? lhs < rhs : lhs.count < rhs.count
    }
}
