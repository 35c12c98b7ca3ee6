public import Foundation

extension Money {
    /// Splits the amount over `weights` (line totals, quantities, 1 each) so that the parts are
    /// whole minor units and add up to exactly the amount, by the largest-remainder method
    /// (Hamilton's method): each part gets the whole minor units of its exact share, then the
    /// minor units left over go one each to the parts with the largest fractions dropped; ties
    /// go to the earlier part, so the result is deterministic. An order discount of 10.00 over
    /// three equal lines becomes 3.34, 3.33, 3.33 — never 3.33 × 3 with a cent lost.
    ///
    /// The amount is first rounded for charging (half to even) when it has finer digits than the
    /// currency has. A negative amount is allocated by its magnitude and the parts keep its sign.
    /// `unallocatable` when `weights` is empty, has a negative weight, or sums to zero.
    public func allocated(over weights: [Decimal]) throws(MoneyError) -> [Money] {
        let weightTotal = weights.reduce(Decimal(0), +)
        guard !weights.isEmpty, weights.allSatisfy({ $0 >= 0 }), weightTotal > 0 else {
            throw .unallocatable(weights: weights)
        }
        let scale = Decimal(sign: .plus, exponent: currency.minorUnits, significand: 1)
        let units = roundedForCharging().amount * scale
        let magnitude = units < 0 ? -units : units
        // Multiply before dividing: an exact share that is a whole number then stays whole.
        let exactShares = weights.map { magnitude * $0 / weightTotal }
        var parts = exactShares.map { $0.rounded(scale: 0, .towardZero) }
        let leftOver = magnitude - parts.reduce(Decimal(0), +)
        let byRemainder = parts.indices.sorted { left, right in
            let leftRemainder = exactShares[left] - parts[left], rightRemainder = exactShares[right] - parts[right]
            return leftRemainder != rightRemainder ? leftRemainder > rightRemainder : left < right
        }
        // The left-over units number fewer than the parts: each share lost less than one unit.
        for index in byRemainder.prefix(NSDecimalNumber(decimal: leftOver).intValue) { parts[index] += 1 }
        return parts.map { Money((units < 0 ? -$0 : $0) / scale, currency) }
    }

    /// Splits the amount into `count` parts as equal as whole minor units allow, the larger parts
    /// first (10.00 in three: 3.34, 3.33, 3.33). `unallocatable` when `count` is below one.
    public func split(into count: Int) throws(MoneyError) -> [Money] {
        try allocated(over: Array(repeating: 1, count: max(0, count)))
    }
}
