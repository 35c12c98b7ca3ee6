/// A product identifier printed as a barcode: WooCommerce's `global_unique_id` ("GTIN, UPC,
/// EAN or ISBN"), Tryton's `product.identifier` (`type` ean, isbn, …).
public struct Barcode: Sendable, Hashable, Codable, Validatable {
    /// The symbology or numbering scheme, which decides the length and check digit.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// GS1 EAN-8 (GTIN-8): 8 digits.
        case ean8
        /// GS1 UPC-A (GTIN-12): 12 digits.
        case upcA
        /// GS1 EAN-13 (GTIN-13): 13 digits.
        case ean13
        /// GS1 GTIN-14 (cases and trade units): 14 digits.
        case gtin14
        /// ISBN-13: an EAN-13 in the 978/979 "Bookland" prefixes.
        case isbn13
        /// Anything else (a store's own code): text, not checked beyond the text rules.
        case other
    }

    /// The scheme.
    public var kind: Kind
    /// The code as printed, digits only for the GS1 kinds.
    public var code: String

    /// `code` of `kind`.
    public init(_ kind: Kind, _ code: String) {
        self.kind = kind
        self.code = code
    }

    public func validate() -> [ValidationProblem] { problems(at: FieldPath()) }

    func problems(at path: FieldPath) -> [ValidationProblem] {
        let length: Int
        switch kind {
        case .ean8: length = 8
        case .upcA: length = 12
        case .ean13, .isbn13: length = 13
        case .gtin14: length = 14
        case .other: return TextRules.problems(code, at: path("code"), maxLength: 50)
        }
        let digits = code.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard digits.count == code.count, digits.count == length else {
            return [ValidationProblem(path("code"), .malformed, "a \(kind.rawValue) code is \(length) digits")]
        }
        if kind == .isbn13 && !(code.hasPrefix("978") || code.hasPrefix("979")) {
            return [ValidationProblem(path("code"), .malformed, "an ISBN-13 starts with 978 or 979")]
        }
        let expected = Self.gs1CheckDigit(digits.dropLast())
        guard digits.last == expected else {
            return [ValidationProblem(path("code"), .checkDigit, "check digit should be \(expected), is \(digits.last ?? 0)")]
        }
        return []
    }

    /// The GS1 check digit (GS1 General Specifications §7.9.1): from the right, digits are
    /// weighted 3, 1, 3, …; the check digit brings the sum up to a multiple of ten.
    static func gs1CheckDigit(_ payload: some BidirectionalCollection<Int>) -> Int {
        let sum = payload.reversed().enumerated().reduce(0) { sum, pair in sum + pair.element * (pair.offset.isMultiple(of: 2) ? 3 : 1) }
        return (10 - sum % 10) % 10
    }
}
