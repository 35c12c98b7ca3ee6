/// What billing calculations refuse. Input mistakes are `TenancyError.invalid` with field
/// names, like everywhere else; these are the cases where the stored prices themselves do not
/// allow an answer.
public enum BillingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Two amounts in different currencies met in one calculation; Counterpart does no foreign
    /// exchange, so the partner must price the tier in the wholesale currency (or ask the
    /// platform to change it).
    case currencyMismatch(CurrencyCode, CurrencyCode)
    /// The tier has no terms in force on the date asked about.
    case noTermsInForce(tier: String)
    /// A stored row names a currency `CurrencyCode` does not know (written behind the
    /// application's back); fix the row or add the currency with its ISO 4217 minor units.
    case unsupportedCurrency(String)

    public var description: String {
        switch self {
        case .currencyMismatch(let left, let right):
            "amounts in \(left) and \(right) cannot be combined (no currency conversion); price both in one currency"
        case .noTermsInForce(let tier): "tier \(tier) has no terms in force on that date"
        case .unsupportedCurrency(let code): "stored currency \(code) is not a supported ISO 4217 code"
        }
    }
}
