public import Foundation

/// Money paid back on an order, with or without goods coming back: a WooCommerce refund
/// (`/orders/{id}/refunds`: `amount`, `reason`, `line_items` with negative quantities,
/// `api_restock`), a Tryton return sale or a POS sale line with a negative quantity. Quantities
/// and amounts here are positive: what is returned and what is paid back.
public struct Refund: Sendable, Hashable, Codable, Validatable {
    /// One returned or credited item.
    public struct Line: Sendable, Hashable, Codable {
        /// The item.
        public var sku: SKU
        /// How many come back; zero for a price-only credit.
        public var quantity: Decimal
        /// What is paid back for this line.
        public var amount: Money

        /// A refunded line.
        public init(sku: SKU, quantity: Decimal, amount: Money) {
            self.sku = sku
            self.quantity = quantity
            self.amount = amount
        }
    }

    /// The refund's ids (WooCommerce refund id, Tryton credit note or return sale id).
    public var externalIDs: [ExternalID]
    /// The refunded order's number.
    public var orderNumber: String
    /// The items, if the refund is per item; empty for an amount-only refund.
    public var lines: [Line]
    /// What is paid back in all: the lines plus any amount not tied to a line.
    public var amount: Money
    /// Why, for people.
    public var reason: String?
    /// Whether returned items go back into stock (WooCommerce `api_restock`).
    public var restocks: Bool
    /// When it was made.
    public var createdAt: Date

    /// A refund.
    public init(externalIDs: [ExternalID] = [], orderNumber: String, lines: [Line] = [], amount: Money, reason: String? = nil,
                restocks: Bool = false, createdAt: Date) {
        self.externalIDs = externalIDs
        self.orderNumber = orderNumber
        self.lines = lines
        self.amount = amount
        self.reason = reason
        self.restocks = restocks
        self.createdAt = createdAt
    }

    public func validate() -> [ValidationProblem] {
        let path = FieldPath()
        var problems = externalIDs.problems(at: path.field("externalIDs"))
            + TextRules.problems(orderNumber, at: path("orderNumber"), maxLength: 100)
            + TextRules.problems(reason, at: path("reason"), maxLength: 1_000, required: false, allowsLineBreaks: true)
        if amount.amount <= 0 {
            // WooCommerce refuses it too: "Refund amount must be greater than zero." (spec §10).
            problems.append(ValidationProblem(path("amount"), .notPositive, "a refund pays back more than zero"))
        }
        for (index, line) in lines.enumerated() {
            let linePath = path.element("lines", index)
            if line.quantity.isNaN || line.quantity < 0 {
                problems.append(ValidationProblem(linePath("quantity"), .negative, "say what comes back as a positive quantity"))
            }
            if line.amount.currency != amount.currency {
                problems.append(ValidationProblem(linePath("amount"), .currencyMismatch, "is in \(line.amount.currency); the refund is in \(amount.currency)"))
            } else if line.amount.isNegative {
                problems.append(ValidationProblem(linePath("amount"), .negative, "say what is paid back as a positive amount"))
            }
        }
        if let linesTotal = try? Money.sum(lines.map(\.amount), in: amount.currency), linesTotal.amount > amount.amount {
            problems.append(ValidationProblem(path("amount"), .exceedsOriginal, "\(amount) is less than its lines, \(linesTotal)"))
        }
        return problems
    }

    /// Problems of this refund against the order it refunds: the same currency, only SKUs the
    /// order has and no more of each than it sold, and no more money than the order's total
    /// less `earlierRefunds` (WooCommerce answers "Invalid refund amount." otherwise, spec §10).
    public func problems(against order: Order, earlierRefunds: [Refund] = []) -> [ValidationProblem] {
        guard amount.currency == order.currency else {
            return [ValidationProblem("amount", .currencyMismatch, "is in \(amount.currency); the order is in \(order.currency)")]
        }
        var problems: [ValidationProblem] = []
        var sold: [SKU: Decimal] = [:]
        for line in order.lines { if let sku = line.sku { sold[sku, default: 0] += line.quantity } }
        for refund in earlierRefunds { for line in refund.lines { sold[line.sku, default: 0] -= line.quantity } }
        for (index, line) in lines.enumerated() {
            let path = FieldPath().element("lines", index)
            guard let left = sold[line.sku] else {
                problems.append(ValidationProblem(path("sku"), .unknownReference, "order \(order.number) has no line for \(line.sku)"))
                continue
            }
            if line.quantity > left {
                problems.append(ValidationProblem(path("quantity"), .exceedsOriginal,
                                                  "\(line.quantity) of \(line.sku) exceeds the \(left) left to return on order \(order.number)"))
            }
            sold[line.sku] = left - line.quantity
        }
        if let total = try? order.totals().total,
           let refunded = try? Money.sum(earlierRefunds.map(\.amount), in: order.currency),
           let left = try? total.subtracting(refunded), amount.amount > left.amount {
            problems.append(ValidationProblem("amount", .exceedsOriginal, "\(amount) exceeds the \(left) left to refund on order \(order.number)"))
        }
        return problems
    }
}
