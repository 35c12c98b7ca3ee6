/// One thing wrong with a value, said so that a person can fix it: where (`lines[2].quantity`),
/// which rule, and a sentence. Validation collects every problem; it never stops at the first.
public struct ValidationProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The rule a value broke; the raw value is stable and can be matched on by a program.
    public enum Rule: String, Sendable, Hashable, Codable, CaseIterable {
        /// A value that must be there is missing or blank.
        case required
        /// Text longer than its limit.
        case tooLong
        /// Text with control characters (tabs, line breaks, NUL) where none belong.
        case controlCharacters
        /// Not in the expected form (an e-mail address, a phone number, a URL).
        case malformed
        /// A number that must be above zero is not.
        case notPositive
        /// A number that must be zero or more is negative.
        case negative
        /// A number with more digits after the point than its currency or unit allows.
        case tooPrecise
        /// An amount in another currency than the document's.
        case currencyMismatch
        /// A value that must be unique appears twice.
        case duplicate
        /// A period that ends before it starts, or a date before the one it follows.
        case outOfOrder
        /// A barcode whose check digit does not match.
        case checkDigit
        /// A sale price above the list price.
        case saleAboveList
        /// A total stated by the source system differs from the one computed from its lines.
        case totalMismatch
        /// A reference to something the document does not contain (a refund of an SKU the
        /// order never had), or more of it than it has.
        case unknownReference
        /// More than the referenced document allows (a refund above what was paid).
        case exceedsOriginal
        /// A field the receiver does not know (a misspelt setting, a column that is not mapped).
        case unknownField
        /// A number outside its allowed range.
        case outOfRange
        /// A value that is not one of the allowed choices.
        case notOneOf
    }

    /// Where: a dotted path with indices, as in JSON (`lines[2].quantity`, `billing.country`).
    public var path: String
    /// Which rule.
    public var rule: Rule
    /// What is wrong, in a sentence without the path.
    public var message: String

    /// A problem at `path`.
    public init(_ path: String, _ rule: Rule, _ message: String) {
        self.path = path
        self.rule = rule
        self.message = message
    }

    /// `lines[2].quantity: must be above zero (notPositive)`.
    public var description: String { "\(path.isEmpty ? "(value)" : path): \(message) (\(rule.rawValue))" }
}

/// A value that can say everything wrong with it.
public protocol Validatable {
    /// Every problem found, in field order; empty when the value is valid.
    func validate() -> [ValidationProblem]
}

/// Where a nested value's problems go: a path prefix joined as JSON paths are.
struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    let text: String

    init(_ text: String = "") { self.text = text }

    /// `prefix.field`, or `field` at the root.
    func callAsFunction(_ field: String) -> String { text.isEmpty ? field : text + "." + field }

    /// The path of a field of this value.
    func field(_ name: String) -> FieldPath { FieldPath(self(name)) }

    /// The path of element `index` of list `name`: `lines[2]`.
    func element(_ name: String, _ index: Int) -> FieldPath { field(name).index(index) }

    /// The path of element `index` of this list: `externalIDs[1]`.
    func index(_ index: Int) -> FieldPath { FieldPath(text + "[\(index)]") }

    var description: String { text }
}
