public import Foundation

/// An exact amount of one currency. The amount is a `Decimal` (base-10, so 0.10 is exactly one
/// tenth) and never passes through `Double`. Arithmetic keeps every digit; rounding to the
/// currency's minor units happens only where a rule is named (`rounded(_:)`), so a price per
/// 1,000 transactions or a unit price of 10.00 / 3 can be finer than a cent until it is
/// multiplied out.
public struct Money: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The amount, exact.
    public let amount: Decimal
    /// The currency.
    public let currency: CurrencyCode

    /// `amount` of `currency`.
    public init(_ amount: Decimal, _ currency: CurrencyCode) {
        self.amount = amount
        self.currency = currency
    }

    /// Parses decimal text (`149.00`, `-0.5`) exactly; nil for anything that is not a plain
    /// decimal number. `Decimal(string:)` alone accepts trailing garbage (`"12abc"` is 12), so the
    /// text is checked first.
    public init?(_ text: String, _ currency: CurrencyCode) {
        guard let amount = Decimal(exactText: text) else { return nil }
        self.init(amount, currency)
    }

    /// Zero of `currency`.
    public static func zero(_ currency: CurrencyCode) -> Money { Money(0, currency) }

    /// `self + other`, exact; `currencyMismatch` when the currencies differ (there is no FX).
    public func adding(_ other: Money) throws(MoneyError) -> Money {
        try requireSameCurrency(other)
        return Money(amount + other.amount, currency)
    }

    /// `self − other`, exact; `currencyMismatch` when the currencies differ.
    public func subtracting(_ other: Money) throws(MoneyError) -> Money {
        try requireSameCurrency(other)
        return Money(amount - other.amount, currency)
    }

    /// `self × factor`, exact (a quantity, a tax rate, or transactions ÷ 1,000).
    public func multiplied(by factor: Decimal) -> Money {
        Money(amount * factor, currency)
    }

    /// The same amount with the opposite sign (a refund line from a sale line).
    public var negated: Money { Money(-amount, currency) }

    /// The sum of `amounts`, all in `currency` (zero when empty); `currencyMismatch` names the
    /// first amount in another currency.
    public static func sum(_ amounts: some Sequence<Money>, in currency: CurrencyCode) throws(MoneyError) -> Money {
        var total = Money.zero(currency)
        for amount in amounts { total = try total.adding(amount) }
        return total
    }

    /// The amount rounded to the currency's minor units by `rule`.
    public func rounded(_ rule: RoundingRule) -> Money {
        Money(amount.rounded(scale: currency.minorUnits, rule), currency)
    }

    /// The amount rounded to the currency's minor units, half to even ("banker's rounding",
    /// IEEE 754 roundTiesToEven), so rounding many charges does not drift upwards. Use only
    /// where an amount is charged — an invoice line, a total — never on prices.
    public func roundedForCharging() -> Money { rounded(.halfEven) }

    /// Whether the amount has no digits beyond the currency's minor units (4.90 EUR yes,
    /// 4.905 EUR no).
    public var isWholeMinorUnits: Bool { rounded(.towardZero).amount == amount }

    /// Whether the amount is below zero.
    public var isNegative: Bool { amount < 0 }

    /// Whether the amount is zero.
    public var isZero: Bool { amount == 0 }

    /// The amount with exactly the currency's minor units, then the code: `149.00 EUR`,
    /// `1200 JPY`. Rounds half to even for display only when there are more digits.
    public var description: String {
        "\(Self.fixedText(roundedForCharging().amount, fractionDigits: currency.minorUnits)) \(currency.code)"
    }

    /// The exact amount as plain text with at least the currency's minor units (`4.90`,
    /// `3.3333`), for messages that must not hide a digit.
    public var exactText: String {
        let plain = NSDecimalNumber(decimal: amount).stringValue
        let fraction = plain.split(separator: ".", maxSplits: 1).dropFirst().first?.count ?? 0
        return fraction >= currency.minorUnits ? plain : Self.fixedText(amount, fractionDigits: currency.minorUnits)
    }

    private func requireSameCurrency(_ other: Money) throws(MoneyError) {
        guard currency == other.currency else { throw .currencyMismatch(currency, other.currency) }
    }

    /// `value` written with exactly `fractionDigits` digits after the point (padding with
    /// zeros; the value must already be rounded to them).
    static func fixedText(_ value: Decimal, fractionDigits: Int) -> String {
        let plain = NSDecimalNumber(decimal: value).stringValue
        guard fractionDigits > 0 else { return plain }
        let parts = plain.split(separator: ".", maxSplits: 1)
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        return String(parts[0]) + "." + fraction + String(repeating: "0", count: max(0, fractionDigits - fraction.count))
    }

    // The JSON form keeps the amount as text ("149.00"): a JSON number is read as a binary
    // float by many clients, which is exactly what money must not become.
    private enum CodingKeys: String, CodingKey { case amount, currency }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .amount)
        guard let amount = Decimal(exactText: text) else {
            throw DecodingError.dataCorruptedError(forKey: .amount, in: container, debugDescription: "not a decimal amount")
        }
        self.init(amount, try container.decode(CurrencyCode.self, forKey: .currency))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(NSDecimalNumber(decimal: amount).stringValue, forKey: .amount)
        try container.encode(currency, forKey: .currency)
    }
}
