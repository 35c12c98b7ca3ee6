import Billing
import Foundation

/// Money in the API, sent and received in one shape everywhere:
/// `{"amount": "49.00", "currency": "EUR"}` — the amount as an exact decimal string (see
/// `DecimalText`) with at least the currency's ISO 4217 minor units, and the currency code.
struct MoneyJSON: Encodable, Equatable {
    /// The exact amount.
    var amount: String
    /// The ISO 4217 code.
    var currency: String

    /// `money` written out; digits finer than the minor unit (a price per 1,000 transactions
    /// of 0.0125) are kept, not rounded.
    init(_ money: Money) {
        amount = DecimalText.format(money.amount, minimumFractionDigits: money.currency.minorUnits)
        currency = money.currency.code
    }

    /// `Money` in responses, which may be negative (a margin below cost).
    static let schema = NamedSchema("Money", .object([
        .init("amount", DecimalText.schema(signed: true, "Exact decimal, at least the currency's minor units: \"49.00\".")),
        .init("currency", .enumeration(CurrencyCode.supported).described("ISO 4217 code.")),
    ]))

    /// `MoneyInput` in request bodies: not negative, at most 10 digits before the point and 4
    /// after (the `numeric(14, 4)` columns of Migrations/0002).
    static let inputSchema = NamedSchema("MoneyInput", .object([
        .init("amount", JSONSchema.string(minLength: 1, maxLength: 15, pattern: "^[0-9]{1,10}(\\.[0-9]{1,4})?$")
            .described("Exact decimal as a string, e.g. \"49.00\"; never a JSON number.")),
        .init("currency", .enumeration(CurrencyCode.supported).described("ISO 4217 code.")),
    ]))
}

/// A money member of a request body, checked by the handler so that every problem names its
/// place (`/monthly_price/amount`, `/monthly_price/currency`).
struct MoneyInput: StrictlyDecodable, Equatable {
    var amount: String
    var currency: String
    enum CodingKeys: String, CodingKey, CaseIterable { case amount, currency }

    /// The money, or nil after recording what is wrong at `pointer`'s members.
    func money(at pointer: String, into validation: inout Validation) -> Money? {
        let value = DecimalText.parse(amount)
        validation.require(value != nil, at: pointer + "/amount", "must be a decimal number written as a string, such as \"49.00\"")
        let code = CurrencyCode(currency)
        if code == nil { validation.oneOf(currency, CurrencyCode.supported, at: pointer + "/currency") }
        guard let value, let code else { return nil }
        return Money(value, code)
    }
}
