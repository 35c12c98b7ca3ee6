import Foundation

/// A mapping checked and prepared for evaluation: paths parsed, date patterns and regular
/// expressions compiled, defaults read as their fields' types, list rules grouped by list.
/// Build it once per mapping version (`Mapping.compiled()`) and apply it to many records.
public struct CompiledMapping: Sendable {
    /// A field rule ready to run.
    struct Rule: Sendable {
        let field: CanonicalField
        let source: SourcePath?
        let transforms: [Transform]
        /// Already of the field's type.
        let defaultValue: JSON?
    }

    /// A transform ready to run.
    enum Transform: Sendable {
        case trim, uppercase, lowercase, decimalComma
        case valueMap(name: String, table: [String: String], fallback: String?)
        case lookup(String)
        case date(DatePattern)
    }

    /// The rules of one list (`lines`) and where its elements come from.
    struct ListRules: Sendable {
        /// `lines`.
        let name: String
        /// The source list (`line_items[*]`); nil when no rule of the list reads one, which
        /// makes a list of one element read from the record itself (a WooCommerce order's
        /// single payment).
        let collection: SourcePath?
        let rules: [Rule]
    }

    /// A validation rule ready to run.
    struct Check: Sendable {
        let field: CanonicalField
        let kind: Kind

        enum Kind: Sendable {
            case required
            case pattern(NSRegularExpression, String)
            case oneOf([String])
            case range(min: Decimal?, max: Decimal?)
            case maxLength(Int)
        }
    }

    /// The document this was compiled from.
    public let mapping: Mapping
    let timeZone: TimeZone
    let plainRules: [Rule]
    let lists: [ListRules]
    let checks: [Check]

    init(mapping: Mapping, timeZone: TimeZone, plainRules: [Rule], lists: [ListRules], checks: [Check]) {
        self.mapping = mapping
        self.timeZone = timeZone
        self.plainRules = plainRules
        self.lists = lists
        self.checks = checks
    }

    /// The mapping applied to `record`: the canonical fields and every problem, never a crash.
    public func apply(to record: JSON, lookups: LookupTables = LookupTables()) -> MappingResult {
        MappingEvaluator.apply(self, to: record, lookups: lookups)
    }
}
