public import Commerce
public import Tenancy

extension CurrencyCode {
    /// A field problem for `code`, or nil when it is a supported ISO 4217 code: the form and
    /// API wording of `CurrencyCode.init?` for a tier's or a wholesale price's currency.
    public static func problem(_ code: String, field: String = "currency") -> FieldProblem? {
        CurrencyCode(code) == nil
            ? FieldProblem(field: field, message: "must be one of " + supported.joined(separator: ", ") + " (ISO 4217)")
            : nil
    }
}
