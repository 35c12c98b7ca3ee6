public import Foundation

extension Decimal {
    /// `text` as an exact decimal when it is plain `[-]digits[.digits]` (no exponent, no
    /// grouping, no locale), as typed into a price field or sent by WooCommerce as a money
    /// string; nil otherwise. At most 38 significant digits (Decimal's exact range). Never
    /// passes through a binary float.
    public init?(exactText text: String) {
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
        guard integerDigits > 0, index == bytes.count, integerDigits + fractionDigits <= 38,
              let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        self = value
    }
}
