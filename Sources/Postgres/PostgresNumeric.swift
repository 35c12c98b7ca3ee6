public import Foundation

/// A `numeric` value kept as PostgreSQL's own decimal text, so it round-trips whatever its size.
///
/// PostgreSQL's `numeric` holds up to 131072 digits before the point and 16383 after
/// (docs §8.1.2); `Decimal` holds 38. Use this type where a column may exceed that, and
/// `decimal` to get a `Decimal` when — and only when — the value fits exactly. The text keeps
/// the scale the server reports (`1.50` stays `1.50`), and equality compares that text.
public struct PostgresNumeric: Hashable, Sendable, LosslessStringConvertible {
    /// The value's decimal text, e.g. `-12345678901234567890.123456789` or `NaN`.
    public let text: String

    /// Accepts numeric input syntax: sign, digits, optional fraction and exponent, or
    /// `NaN`, `Infinity`, `-Infinity`. Returns nil for anything else.
    public init?(_ text: String) {
        guard DecimalText(text) != nil else { return nil }
        self.text = text
    }

    /// The exact text of a `Decimal`.
    public init(_ decimal: Decimal) {
        self.text = decimal.isNaN ? "NaN" : decimal.description
    }

    /// The digits of an integer.
    public init(_ integer: some BinaryInteger) {
        self.text = String(integer)
    }

    /// The text.
    public var description: String { text }

    /// The value as a `Decimal` if it fits exactly (at most 38 significant digits, exponent
    /// within ±127); nil otherwise, never a rounded value. `NaN` maps to `Decimal.nan`.
    public var decimal: Decimal? {
        guard let parsed = DecimalText(text) else { return nil }
        return parsed.exactDecimal()
    }
}

extension PostgresNumeric: PostgresEncodable {
    /// `numeric`
    public static var postgresDataType: PostgresDataType { .numeric }
    /// The text.
    public func postgresText() -> String? { text }
}

extension PostgresNumeric: PostgresDecodable {
    /// From numeric or an integer type.
    public init(postgresCell cell: PostgresCell) throws {
        try cell.requireType([.numeric, .int2, .int4, .int8, .oid], for: PostgresNumeric.self)
        let text = try cell.requireText(for: PostgresNumeric.self)
        guard let value = PostgresNumeric(text) else {
            throw cell.failure(decoding: PostgresNumeric.self, "not numeric text")
        }
        self = value
    }
}

extension Decimal: PostgresEncodable {
    /// `numeric`
    public static var postgresDataType: PostgresDataType { .numeric }
    /// The exact decimal text; `NaN` for Decimal's NaN.
    public func postgresText() -> String? { PostgresNumeric(self).text }
}

extension Decimal: PostgresDecodable {
    /// From numeric or an integer type, exactly: a value `Decimal` cannot hold without rounding
    /// (more than 38 significant digits, or ±Infinity) is refused; decode `PostgresNumeric`.
    public init(postgresCell cell: PostgresCell) throws {
        let numeric = try PostgresNumeric(postgresCell: cell)
        guard let decimal = numeric.decimal else {
            throw cell.failure(decoding: Decimal.self,
                               "\(numeric.text.count)-character numeric does not fit Decimal exactly (38 significant digits); decode PostgresNumeric instead")
        }
        self = decimal
    }
}

/// Decimal text taken apart: sign, significant digits without leading or trailing zeros, and a
/// power of ten, so two spellings of one value compare equal.
struct DecimalText: Equatable {
    enum Special { case nan, infinity, negativeInfinity }

    var isNegative = false
    var digits: [UInt8] = []  // no leading or trailing zeros; empty for zero
    var exponent = 0
    var special: Special?

    init?(_ text: String) {
        switch text {
        case "NaN": special = .nan; return
        case "Infinity", "+Infinity": special = .infinity; return
        case "-Infinity": special = .negativeInfinity; return
        default: break
        }
        let bytes = Array(text.utf8)
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            isNegative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        func digitRun() -> ArraySlice<UInt8> {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return bytes[start..<index]
        }
        let integerPart = digitRun()
        var fractionPart: ArraySlice<UInt8> = []
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            fractionPart = digitRun()
        }
        guard !integerPart.isEmpty || !fractionPart.isEmpty else { return nil }
        var explicitExponent = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            guard let value = Int(String(decoding: bytes[(index + 1)...], as: UTF8.self)), abs(value) < 1_000_000 else { return nil }
            explicitExponent = value
            index = bytes.count
        }
        guard index == bytes.count else { return nil }
        var all = Array(integerPart) + Array(fractionPart)
        exponent = explicitExponent - fractionPart.count
        while all.last == UInt8(ascii: "0") {
            all.removeLast()
            exponent += 1
        }
        digits = Array(all.drop(while: { $0 == UInt8(ascii: "0") }))
        if digits.isEmpty {
            isNegative = false
            exponent = 0
        }
    }

    /// The same value as a `Decimal`, or nil if `Decimal` would have to round it.
    func exactDecimal() -> Decimal? {
        if let special { return special == .nan ? Decimal.nan : nil }
        guard digits.count <= 38, (-128...127).contains(exponent) else { return nil }
        var significand = Decimal.zero
        for digit in digits {
            significand = significand * 10 + Decimal(Int(digit - UInt8(ascii: "0")))
        }
        let decimal = Decimal(sign: isNegative ? .minus : .plus, exponent: exponent, significand: significand)
        // Trust but verify: Foundation's arithmetic must have kept every digit.
        return DecimalText(decimal.description) == self ? decimal : nil
    }
}
