import Foundation

/// Where a value sits in a system's record: a small path language over JSON, checked when a
/// mapping is saved so a typo is caught by the person who made it, not by the first order.
///
/// ```
/// path      = step *( "." step / selector )
/// step      = name / quoted [ selector… ]
/// name      = 1*( any character except  . [ ] = " and white space )
/// quoted    = DQUOTE *( any character except DQUOTE and \ / "\" DQUOTE / "\\" ) DQUOTE
/// selector  = "[" ( "*" / index / key "=" value ) "]"
/// index     = 1*DIGIT                      ; 0 is the first element
/// key       = name / quoted
/// value     = quoted / 1*( any character except ] )
/// ```
///
/// | path | reads |
/// |---|---|
/// | `billing.country` | a member of a member |
/// | `line_items[*].sku` | `sku` of every element of `line_items` (one list field per element) |
/// | `line_items[0].sku` | the first element's `sku` |
/// | `meta_data[key=_pos_store].value` | `value` of the first element whose `key` is `_pos_store` |
/// | `"Item No"` | a CSV column whose name has a space |
///
/// A path may hold at most one `[*]`: lists nest one level in the canonical records.
public struct SourcePath: Sendable, Hashable, CustomStringConvertible {
    /// One step of a path.
    public enum Step: Sendable, Hashable {
        /// An object's member.
        case member(String)
        /// An array's element, from 0.
        case index(Int)
        /// Every element of an array.
        case each
        /// The first element of an array that is an object whose member `key` reads `value`.
        case match(key: String, value: String)
    }

    /// The steps, in order.
    public let steps: [Step]

    /// The longest path accepted: far above any real one, well below what a page can show.
    public static let maximumLength = 500

    /// Parses `text`; `SourcePathError` names the position (from 1) and what was expected.
    public init(parsing text: String) throws(SourcePathError) {
        var parser = SourcePathParser(text)
        steps = try parser.parse()
    }

    init(steps: [Step]) { self.steps = steps }

    /// Where `[*]` is, or nil when the path reads one value.
    public var eachIndex: Int? { steps.firstIndex(of: .each) }

    /// The part up to and including `[*]`: the list a repeated field takes its elements from.
    public var collection: SourcePath? { eachIndex.map { SourcePath(steps: Array(steps[...$0])) } }

    /// The part after `[*]`, read in each element; the whole path when there is no `[*]`.
    public var elementPath: SourcePath {
        guard let eachIndex else { return self }
        return SourcePath(steps: Array(steps[(eachIndex + 1)...]))
    }

    /// The value at this path in `value`, or nil when a step finds nothing. A path with `[*]`
    /// reads nil here; use `elements(in:)` and `elementPath`.
    public func value(in value: JSON) -> JSON? {
        var current = value
        for step in steps {
            guard let next = Self.apply(step, to: current) else { return nil }
            current = next
        }
        return current
    }

    /// The elements the `[*]` of this path runs over in `record`: empty when the list is
    /// missing or empty, nil when something other than an array stands there.
    public func elements(in record: JSON) -> [JSON]? {
        guard let eachIndex else { return nil }
        guard let list = SourcePath(steps: Array(steps[..<eachIndex])).value(in: record) else { return [] }
        switch list {
        case .array(let elements): return elements
        case .null: return []
        default: return nil
        }
    }

    private static func apply(_ step: Step, to value: JSON) -> JSON? {
        switch (step, value) {
        case (.member(let name), .object(let members)):
            return members[name]
        case (.index(let index), .array(let elements)):
            return elements.indices.contains(index) ? elements[index] : nil
        case (.match(let key, let wanted), .array(let elements)):
            return elements.first { $0[key]?.scalarText == wanted }
        default:
            return nil
        }
    }

    /// The path in its canonical spelling: names quoted only where they must be.
    public var description: String {
        var text = ""
        for step in steps {
            switch step {
            case .member(let name):
                if !text.isEmpty { text += "." }
                text += SourcePathParser.spelled(name)
            case .index(let index): text += "[\(index)]"
            case .each: text += "[*]"
            case .match(let key, let value):
                let plainValue = !value.isEmpty && !value.contains("]") && !value.hasPrefix("\"")
                    && value.trimmingCharacters(in: .whitespaces) == value
                text += "[\(SourcePathParser.spelled(key))=\(plainValue ? value : SourcePathParser.quoted(value))]"
            }
        }
        return text
    }
}

/// A source path that does not parse: where, from 1, and what was expected there.
public struct SourcePathError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The character position (from 1) where parsing stopped.
    public let position: Int
    /// What was expected or found (`expected ']'`).
    public let reason: String

    /// An error at `position` (from 1).
    public init(position: Int, reason: String) {
        self.position = position
        self.reason = reason
    }

    /// `at position 12: expected ']'`.
    public var description: String { "at position \(position): \(reason)" }
}
