public import Foundation

/// An ISO 4217 alphabetic currency code with its minor units (the digits after the decimal
/// point, ISO 4217's "minor unit" column). Only codes in ISO 4217's list of current currencies
/// are accepted (`CurrencyCode+ISO4217.swift`): an unknown code is refused rather than guessed
/// at, because the minor units decide how an amount is rounded when it is charged.
public struct CurrencyCode: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The three upper-case letters, e.g. `EUR`.
    public let code: String
    /// Digits after the decimal point: 2 for EUR, 0 for JPY, 3 for BHD.
    public let minorUnits: Int

    /// The currency for `code` (exactly three upper-case letters), or nil when it is not a
    /// current ISO 4217 code. Case matters: `eur` is refused, not corrected, so that a mapping
    /// that sends lower case is found and fixed instead of working by accident.
    public init?(_ code: String) {
        guard let minorUnits = Self.minorUnitsByCode[code] else { return nil }
        self.code = code
        self.minorUnits = minorUnits
    }

    /// Every supported code, sorted, for pickers and error messages.
    public static var supported: [String] { minorUnitsByCode.keys.sorted() }

    /// Euro.
    public static let eur = CurrencyCode("EUR")!
    /// US dollar.
    public static let usd = CurrencyCode("USD")!

    /// The code.
    public var description: String { code }

    /// One minor unit as an amount: 0.01 for EUR, 1 for JPY, 0.001 for BHD.
    public var minorUnit: Decimal { Decimal(sign: .plus, exponent: -minorUnits, significand: 1) }

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
