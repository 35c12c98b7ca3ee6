/// A customer's transactions in one billing period. Usage metering arrives later; until then
/// margins are computed with `.none`, which leaves only the fixed monthly amounts.
public struct MonthlyUsage: Sendable, Hashable, Codable {
    /// Transactions processed in the period.
    public var transactions: Int

    public init(transactions: Int) {
        self.transactions = max(0, transactions)
    }

    /// No transactions.
    public static let none = MonthlyUsage(transactions: 0)
}
