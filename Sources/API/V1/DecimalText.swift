import Foundation

/// Exact decimals as JSON strings (`"49.00"`, `"99.950"`). The API never sends money or
/// percentages as JSON numbers: most clients read a JSON number into a binary float
/// (RFC 8259 §6 leaves precision to the reader), and 0.1 has no exact binary form. Text
/// parsed here goes straight into a base-10 `Decimal`, never through `Double`.
enum DecimalText {
    /// The pattern of amounts the API accepts: digits, optionally a point and more digits.
    /// No sign, exponent, or leading `+` — prices are not negative and nobody writes `4.9e1`.
    static let unsignedPattern = "^[0-9]+(\\.[0-9]+)?$"
    /// The pattern of amounts the API sends, which may be negative (a margin below cost).
    static let signedPattern = "^-?[0-9]+(\\.[0-9]+)?$"

    /// `text` as an exact Decimal when it matches `unsignedPattern` and has at most 38 digits
    /// (Decimal's exact range); nil otherwise. `Decimal(string:)` alone would read `"12abc"` as
    /// 12, so the shape is checked first.
    static func parse(_ text: String) -> Decimal? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let isDigits = { (part: Substring) in !part.isEmpty && part.utf8.allSatisfy { (48...57).contains($0) } }
        guard parts.allSatisfy(isDigits), text.utf8.count - (parts.count - 1) <= 38 else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// `value` with every digit it has and at least `minimumFractionDigits` after the point:
    /// 49 → `49.00`, 36.5 → `36.50`, 0.0125 → `0.0125` (nothing is rounded away).
    static func format(_ value: Decimal, minimumFractionDigits: Int) -> String {
        let plain = NSDecimalNumber(decimal: value).stringValue
        let parts = plain.split(separator: ".", maxSplits: 1)
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        let padding = String(repeating: "0", count: max(0, minimumFractionDigits - fraction.count))
        let written = fraction + padding
        return String(parts[0]) + (written.isEmpty ? "" : "." + written)
    }

    /// A string schema for an exact decimal, with an example in its description.
    static func schema(signed: Bool = false, _ description: String) -> JSONSchema {
        JSONSchema.string(minLength: 1, maxLength: 40, pattern: signed ? signedPattern : unsignedPattern)
            .described(description)
    }
}
