public import Foundation

extension Decimal {
    /// `text` as an exact decimal when it is plain `[-]digits[.digits]` (no exponent, no
    /// grouping, no locale), as typed into a price field; nil otherwise. Never passes through
    /// a binary float.
    public init?(exactText text: String) {
        guard let value = Money.exactDecimal(text) else { return nil }
        self = value
    }
}
