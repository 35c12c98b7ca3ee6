import Billing

extension ProblemError {
    /// The problem for what a billing calculation refused. Prices the partner (or the
    /// platform) set that cannot be combined are a 409: the request was fine, the stored
    /// prices do not allow an answer until someone changes them — the detail says which.
    /// A currency stored behind the application's back is ours to fix: 500.
    init(_ error: BillingError) {
        switch error {
        case .currencyMismatch, .noTermsInForce:
            self = .conflict(error.description.prefix(1).uppercased() + error.description.dropFirst() + ".")
        case .unsupportedCurrency:
            self = .internalError
        }
    }
}
