public import Foundation

/// An exact amount of one currency. The amount is a `Decimal` (base-10, so 0.10 is exactly one
/// tenth) and never passes through `Double`. Arithmetic keeps every digit; rounding to the
/// currency's minor units happens only where money is charged (`roundedForCharging`), so a
/// price per 1,000 transactions can be finer than a cent until it is multiplied out.
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
        guard let amount = Self.exactDecimal(text) else { return nil }
        self.init(amount, currency)
    }

    /// Zero of `currency`.
    public static func zero(_ currency: CurrencyCode) -> Money { Money(0, currency) }

    /// `self + other`, exact; `currencyMismatch` when the currencies differ (there is no FX).
    public func adding(_ other: Money) throws(BillingError) -> Money {
        try requireSameCurrency(other)
        return Money(amount + other.amount, currency)
    }

    /// `self − other`, exact; `currencyMismatch` when the currencies differ.
    public func subtracting(_ other: Money) throws(BillingError) -> Money {
        try requireSameCurrency(other)
        return Money(amount - other.amount, currency)
    }

    /// `self × factor`, exact (a quantity, or transactions ÷ 1,000).
    public func multiplied(by factor: Decimal) -> Money {
        Money(amount * factor, currency)
    }

    /// The amount rounded to the currency's minor units, half to even ("banker's rounding",
    /// IEEE 754 roundTiesToEven), so rounding many charges does not drift upwards. Use only
    /// where an amount is charged — an invoice line, a total — never on prices.
    public func roundedForCharging() -> Money {
        var exact = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, currency.minorUnits, .bankers)
        return Money(rounded, currency)
    }

    /// Whether the amount is below zero.
    public var isNegative: Bool { amount < 0 }

    /// The amount with exactly the currency's minor units, then the code: `149.00 EUR`,
    /// `1200 JPY`. Rounds half to even for display only when there are more digits.
    public var description: String {
        "\(Self.fixedText(roundedForCharging().amount, fractionDigits: currency.minorUnits)) \(currency.code)"
    }

    private func requireSameCurrency(_ other: Money) throws(BillingError) {
        guard currency == other.currency else { throw .currencyMismatch(currency, other.currency) }
    }

    // MARK: Text

    /// `text` as a Decimal when it is `[-]digits[.digits]`, with at most 38 significant digits
    /// (Decimal's exact range).
    static func exactDecimal(_ text: String) -> Decimal? {
        let bytes = Array(text.utf8)
        var index = bytes.first == UInt8(ascii: "-") ? 1 : 0
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        let integerStart = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        let integerDigits = index - integerStart
        var fractionDigits = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            fractionDigits = index - fractionStart
            guard fractionDigits > 0 else { return nil }
        }
        guard integerDigits > 0, index == bytes.count, integerDigits + fractionDigits <= 38 else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
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
        guard let amount = Self.exactDecimal(text) else {
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
