public import Tenancy

/// An ISO 4217 alphabetic currency code that Counterpart bills in, with its minor units (the
/// digits after the decimal point, ISO 4217's "minor unit" column). Only the currencies in
/// `minorUnitsByCode` are accepted: an unknown code is refused rather than guessed at, because
/// the minor units decide how an amount is rounded when it is charged.
public struct CurrencyCode: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The three upper-case letters, e.g. `EUR`.
    public let code: String
    /// Digits after the decimal point: 2 for EUR, 0 for JPY, 3 for BHD.
    public let minorUnits: Int

    /// ISO 4217 minor units of the currencies partners bill in.
    static let minorUnitsByCode: [String: Int] = [
        "EUR": 2, "USD": 2, "GBP": 2, "CHF": 2, "SEK": 2, "NOK": 2, "DKK": 2, "PLN": 2, "CZK": 2,
        "JPY": 0,
        "BHD": 3, "KWD": 3,
    ]

    /// The currency for `code` (exactly three upper-case letters), or nil when it is not one
    /// of the supported ISO 4217 codes.
    public init?(_ code: String) {
        guard let minorUnits = Self.minorUnitsByCode[code] else { return nil }
        self.code = code
        self.minorUnits = minorUnits
    }

    /// Every supported code, sorted, for pickers and error messages.
    public static var supported: [String] { minorUnitsByCode.keys.sorted() }

    /// Euro.
    public static let eur = CurrencyCode("EUR")!

    /// The code.
    public var description: String { code }

    /// A field problem for `code`, or nil when it is supported.
    public static func problem(_ code: String, field: String = "currency") -> FieldProblem? {
        CurrencyCode(code) == nil
            ? FieldProblem(field: field, message: "must be one of " + supported.joined(separator: ", ") + " (ISO 4217)")
            : nil
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let currency = CurrencyCode(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unsupported currency \(text)"))
        }
        self = currency
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
