public import Foundation

extension CSVDialect.DecimalSeparator {
    /// Reads a number as a legacy export writes it: an optional minus, digits, and the fraction
    /// after this separator (`12,50` or `12.50`), with thousands grouped by the other character
    /// only in whole groups of three (`1.234,50`; `1.23,4` is refused). Exact: the result never
    /// passes through a binary float.
    ///
    /// - Returns: nil for anything else, including the other separator used as a decimal one
    ///   (`12.5` under a decimal comma), which would otherwise be read a thousand times too big.
    public func decimal(from text: String) -> Decimal? {
        var digits = text.trimmingCharacters(in: .whitespaces)
        let negative = digits.hasPrefix("-")
        if negative { digits.removeFirst() }
        let parts = digits.split(separator: character, maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty else { return nil }
        var plainWhole = String(whole)
        if whole.contains(grouping) {
            let groups = whole.split(separator: grouping, omittingEmptySubsequences: false)
            guard let first = groups.first, (1...3).contains(first.count),
                  groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
            plainWhole = groups.joined()
        }
        if parts.count == 2 && parts[1].contains(grouping) { return nil }
        let plain = (negative ? "-" : "") + plainWhole + (parts.count == 2 ? "." + parts[1] : "")
        return Decimal(exactText: plain)
    }

    /// Writes a number with this separator and no grouping: `12,5`, `-3`.
    public func text(of value: Decimal) -> String {
        let plain = NSDecimalNumber(decimal: value).stringValue
        return self == .comma ? plain.replacingOccurrences(of: ".", with: ",") : plain
    }
}
