import Commerce
import Foundation

/// Reads a source value as a canonical field's type: the last step of every field rule, and
/// the check of a default when the mapping is saved. Strict on purpose — `12,50` is not read as
/// a number unless the rule says the source writes decimal commas, because guessing between
/// `1,234` (thousands) and `1,234` (a decimal) is how money goes wrong.
enum CanonicalValueReader {
    /// What is wrong with a value: the rule and a sentence without the field's name.
    struct Refusal: Error, Equatable {
        let rule: ValidationProblem.Rule
        let message: String
    }

    /// `value` as `type`, as the canonical record holds it (see `CanonicalField.ValueType`).
    static func read(_ value: JSON, as type: CanonicalField.ValueType, timeZone: TimeZone) -> Result<JSON, Refusal> {
        if case .array = value { return .failure(Refusal(rule: .malformed, message: "is a list; one value was expected")) }
        if case .object = value { return .failure(Refusal(rule: .malformed, message: "is an object; one value was expected")) }
        switch type {
        case .text:
            return value.scalarText.map { .success(.string($0)) }
                ?? .failure(Refusal(rule: .malformed, message: "is \(value.kindName)"))
        case .decimal:
            if case .number = value { return .success(value) }
            guard case .string(let text) = value, let number = decimal(text) else {
                return .failure(Refusal(rule: .malformed, message: "\(quoted(value)) is not a number such as 12.50"
                    + (value.scalarText?.contains(",") == true ? "; add the decimal_comma transform for numbers like 1.234,56" : "")))
            }
            return .success(.number(number))
        case .boolean:
            if case .bool = value { return .success(value) }
            switch value.scalarText?.lowercased() {
            case "true", "yes", "1": return .success(.bool(true))
            case "false", "no", "0": return .success(.bool(false))
            default: return .failure(Refusal(rule: .malformed, message: "\(quoted(value)) is not true or false"))
            }
        case .date:
            guard case .string(let text) = value, let date = date(text, timeZone: timeZone) else {
                return .failure(Refusal(rule: .malformed, message: "\(quoted(value)) is not an ISO 8601 date such as "
                                        + "2026-11-22T08:44:33Z; add a date transform for other layouts"))
            }
            return .success(.string(timestamp(date)))
        case .choice(let words):
            guard let text = value.scalarText, words.contains(text) else {
                return .failure(Refusal(rule: .notOneOf, message: "\(quoted(value)) is not one of \(words.joined(separator: ", ")); "
                                        + "translate it with a value map"))
            }
            return .success(.string(text))
        case .currency:
            guard let text = value.scalarText, CurrencyCode(text) != nil else {
                return .failure(Refusal(rule: .malformed, message: "\(quoted(value)) is not an ISO 4217 currency code such as EUR"))
            }
            return .success(.string(text))
        case .country:
            guard let text = value.scalarText, CountryCode(text) != nil else {
                return .failure(Refusal(rule: .malformed, message: "\(quoted(value)) is not an ISO 3166-1 country code such as DE"))
            }
            return .success(.string(text))
        }
    }

    /// `12`, `-0.5`, `+3.25`: digits with an optional point, nothing else (no exponent, no
    /// separators), read exactly.
    static func decimal(_ text: String) -> Decimal? {
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit),
              parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy(\.isASCIIDigit)) else { return nil }
        return Decimal(string: text.first == "+" ? String(text.dropFirst()) : text, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// A number written with a decimal comma: `1.234,56`, `1 234,56`, `1234,5`, `-3`. Groups
    /// after a separator have exactly three digits, so `1.23` (a decimal point) is refused
    /// rather than read as 123.
    static func decimalWithComma(_ text: String) -> Decimal? {
        var body = Substring(text.strippingWhitespace)
        let negative = body.first == "-"
        if negative || body.first == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
        let groups = parts[0].split(omittingEmptySubsequences: false) { ".'\u{20}\u{A0}\u{202F}".contains($0) }
        guard let first = groups.first, (1...(groups.count == 1 ? 40 : 3)).contains(first.count),
              groups.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }), groups.dropFirst().allSatisfy({ $0.count == 3 }),
              parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy(\.isASCIIDigit)) else { return nil }
        let plain = (negative ? "-" : "") + groups.joined() + (parts.count == 2 ? "." + parts[1] : "")
        return Decimal(string: plain, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// The layouts of ISO 8601 without a zone that systems send (WooCommerce's `date_created`
    /// is `2026-11-22T08:44:33`, local to the shop): read in the mapping's time zone.
    private static let zonelessLayouts: [DatePattern] = [
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.SSS", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd",
    ].map { try! DatePattern($0) }

    /// An ISO 8601 date: with a zone (`Z`, `+01:00`) as it says, without one in `timeZone`.
    static func date(_ text: String, timeZone: TimeZone) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: false).parse(text) { return date }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        for layout in zonelessLayouts {
            if let date = layout.date(from: text, in: timeZone) { return date }
        }
        return nil
    }

    /// `2026-11-22T08:44:33Z`, with milliseconds when there are any: RFC 3339 §5.6 in UTC, as
    /// the API writes dates.
    static func timestamp(_ date: Date) -> String {
        let hasFraction = date.timeIntervalSince1970.truncatingRemainder(dividingBy: 1) != 0
        return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: hasFraction))
    }

    /// A value as messages quote it: `'wc-shipped'`, `12.5`, `true`.
    static func quoted(_ value: JSON) -> String {
        if case .string(let text) = value { return "'\(text.count > 60 ? text.prefix(57) + "…" : text)'" }
        return value.scalarText ?? value.kindName
    }
}

extension Character {
    /// 0–9 and nothing else (not `٣` or `³`, which `isNumber` accepts).
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
