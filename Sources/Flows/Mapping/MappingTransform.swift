/// One step a field rule applies to a source value, in order, before the value is read as the
/// target's type. Transforms work on scalars (text, numbers, booleans); an array or object
/// reaching one is a problem on the field.
public enum MappingTransform: Sendable, Hashable, CustomStringConvertible {
    /// Removes white space at both ends.
    case trim
    /// Upper case (`de` → `DE`).
    case uppercase
    /// Lower case.
    case lowercase
    /// Translates through the mapping's value map of this name.
    case valueMap(String)
    /// Translates through the customer's lookup table of this name (an SKU cross-reference).
    case lookup(String)
    /// Reads a number written with a decimal comma and optional thousands separators
    /// (`1.234,56`, `1 234,56`, `-3,5`) as a decimal.
    case decimalComma
    /// Reads a date in this `DatePattern` (`dd.MM.yyyy`) in the mapping's time zone.
    case date(String)

    /// The stored names of the transforms, as the document and the notation spell them.
    public static let kinds = ["trim", "upper", "lower", "map", "lookup", "decimal_comma", "date"]

    /// The stored name.
    public var kind: String {
        switch self {
        case .trim: "trim"
        case .uppercase: "upper"
        case .lowercase: "lower"
        case .valueMap: "map"
        case .lookup: "lookup"
        case .decimalComma: "decimal_comma"
        case .date: "date"
        }
    }

    /// The argument: a value map's or lookup table's name, a date pattern; nil for the rest.
    public var argument: String? {
        switch self {
        case .valueMap(let name), .lookup(let name), .date(let name): name
        case .trim, .uppercase, .lowercase, .decimalComma: nil
        }
    }

    /// The transform of `kind` with `argument`, or a sentence saying what is wrong.
    public static func make(kind: String, argument: String?) -> Result<MappingTransform, MappingNotationError> {
        let argument = argument.flatMap { $0.isEmpty ? nil : $0 }
        switch (kind, argument) {
        case ("trim", nil): return .success(.trim)
        case ("upper", nil): return .success(.uppercase)
        case ("lower", nil): return .success(.lowercase)
        case ("decimal_comma", nil): return .success(.decimalComma)
        case ("map", let name?): return .success(.valueMap(name))
        case ("lookup", let name?): return .success(.lookup(name))
        case ("date", let pattern?): return .success(.date(pattern))
        case ("trim", _), ("upper", _), ("lower", _), ("decimal_comma", _):
            return .failure(MappingNotationError("'\(kind)' takes no argument"))
        case ("map", nil): return .failure(MappingNotationError("'map' needs the name of a value map: map order_status"))
        case ("lookup", nil): return .failure(MappingNotationError("'lookup' needs the name of a lookup table: lookup sku_xref"))
        case ("date", nil): return .failure(MappingNotationError("'date' needs a pattern: date dd.MM.yyyy"))
        default:
            return .failure(MappingNotationError("'\(kind)' is not a transform; use "
                                                 + kinds.joined(separator: ", ")))
        }
    }

    /// A pipeline as people type it in the editor: steps separated by `|`, each a kind and
    /// its argument after a space — `trim | upper | map order_status | date dd.MM.yyyy HH:mm`.
    /// A date pattern therefore cannot hold `|`; none needs to.
    public static func pipeline(notation: String) -> Result<[MappingTransform], MappingNotationError> {
        let trimmed = notation.strippingWhitespace
        guard !trimmed.isEmpty else { return .success([]) }
        var transforms: [MappingTransform] = []
        for (index, step) in trimmed.split(separator: "|", omittingEmptySubsequences: false).enumerated() {
            let words = step.strippingWhitespace
            guard !words.isEmpty else { return .failure(MappingNotationError("step \(index + 1) is empty")) }
            let parts = words.split(separator: " ", maxSplits: 1)
            let kind = String(parts[0]).lowercased().replacingOccurrences(of: "-", with: "_")
            switch make(kind: kind, argument: parts.count > 1 ? parts[1].strippingWhitespace : nil) {
            case .success(let transform): transforms.append(transform)
            case .failure(let error): return .failure(MappingNotationError("step \(index + 1): \(error.reason)"))
            }
        }
        return .success(transforms)
    }

    /// The pipeline's notation, the inverse of `pipeline(notation:)`.
    public static func notation(_ transforms: [MappingTransform]) -> String {
        transforms.map(\.description).joined(separator: " | ")
    }

    /// `map order_status`.
    public var description: String { argument.map { "\(kind) \($0)" } ?? kind }
}

/// Editor notation that does not read: what is wrong, in a sentence.
public struct MappingNotationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public let reason: String

    /// An error saying `reason`.
    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}

extension StringProtocol {
    /// The text without white space at either end.
    var strippingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
