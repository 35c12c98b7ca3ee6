import Commerce
import Foundation

/// Reads a JSON document member by member and collects what is wrong instead of stopping at
/// the first problem, so one answer lists everything a person must fix. Paths are written as
/// Commerce's validation writes them: `fields[2].transforms[0].kind`.
struct DocumentReader {
    private(set) var problems: [ValidationProblem] = []

    mutating func problem(_ path: String, _ rule: ValidationProblem.Rule, _ message: String) {
        problems.append(ValidationProblem(path, rule, message))
    }

    /// The members of an object, with a problem for each member not in `allowed`; empty for
    /// something that is not an object (with a problem).
    mutating func object(_ value: JSON, at path: String, allowed: Set<String>) -> [String: JSON] {
        guard case .object(let members) = value else {
            problem(path, .malformed, "must be an object, not \(value.kindName)")
            return [:]
        }
        for name in members.keys.sorted() where !allowed.contains(name) {
            problem(Self.join(path, name), .unknownField, "is not a known member; use " + allowed.sorted().joined(separator: ", "))
        }
        return members
    }

    /// A string member; nil when absent or null (a problem when `required`) or not a string.
    mutating func string(_ value: JSON?, at path: String, required: Bool = false) -> String? {
        switch value {
        case .string(let text)?: return text
        case nil, .null?:
            if required { problem(path, .required, "is required") }
            return nil
        case let other?:
            problem(path, .malformed, "must be a string, not \(other.kindName)")
            return nil
        }
    }

    /// A string, number or boolean member as text (`12.5`, `true`); nil when absent or null.
    mutating func scalarText(_ value: JSON?, at path: String, required: Bool = false) -> String? {
        switch value {
        case nil, .null?:
            if required { problem(path, .required, "is required") }
            return nil
        case let scalar?:
            guard let text = scalar.scalarText else {
                problem(path, .malformed, "must be a string, not \(scalar.kindName)")
                return nil
            }
            return text
        }
    }

    /// A whole number member.
    mutating func integer(_ value: JSON?, at path: String, required: Bool = false) -> Int? {
        switch value {
        case .number(let number)?:
            // A whole Decimal prints without a point (`100`); anything else does not read as Int.
            guard let integer = Int(number.description) else {
                problem(path, .malformed, "must be a whole number")
                return nil
            }
            return integer
        case nil, .null?:
            if required { problem(path, .required, "is required") }
            return nil
        case let other?:
            problem(path, .malformed, "must be a number, not \(other.kindName)")
            return nil
        }
    }

    /// The elements of an array member read by `element`; empty when absent or null. Elements
    /// `element` cannot read (nil) are left out; it has recorded why.
    mutating func list<Element>(_ value: JSON?, at path: String,
                                _ element: (JSON, String, inout DocumentReader) -> Element?) -> [Element] {
        switch value {
        case nil, .null?: return []
        case .array(let values)?:
            return values.enumerated().compactMap { index, value in element(value, "\(path)[\(index)]", &self) }
        case let other?:
            problem(path, .malformed, "must be an array, not \(other.kindName)")
            return []
        }
    }

    static func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : path + "." + name }
}
