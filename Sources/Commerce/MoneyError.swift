public import Foundation

/// What money arithmetic refuses. Each case carries the values a person needs to see why.
public enum MoneyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Two amounts in different currencies met in one calculation; Counterpart does no foreign
    /// exchange, so a sum across currencies would be a guess.
    case currencyMismatch(CurrencyCode, CurrencyCode)
    /// An amount cannot be allocated over these weights: there are none, one is negative, or
    /// they sum to zero.
    case unallocatable(weights: [Decimal])

    public var description: String {
        switch self {
        case .currencyMismatch(let left, let right):
            "amounts in \(left) and \(right) cannot be combined (no currency conversion)"
        case .unallocatable(let weights):
            "cannot allocate over weights \(weights.map { "\($0)" }.joined(separator: ", ")): they must be zero or more and not all zero"
        }
    }
}
