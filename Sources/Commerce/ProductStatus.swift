/// Whether an item is sold. WooCommerce `status` `publish` (and `private`) → active,
/// `draft`/`pending`/`future` → draft, trashed → archived; Tryton `active` true → active,
/// false → archived (Tryton deactivates rather than deletes).
public enum ProductStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// On sale.
    case active
    /// Being prepared; not sold yet.
    case draft
    /// No longer sold; kept for history and old orders.
    case archived
}

/// A product attribute and the values it takes (WooCommerce `attributes[]{name, options}`:
/// Size = S, M, L).
public struct ProductAttribute: Sendable, Hashable, Codable {
    /// The attribute's name (`Size`).
    public var name: String
    /// Its values (`S`, `M`, `L`); one for a plain property (`Material` = `Stoneware`).
    public var values: [String]

    /// `name` with `values`.
    public init(_ name: String, _ values: [String]) {
        self.name = name
        self.values = values
    }

    func problems(at path: FieldPath) -> [ValidationProblem] {
        var problems = TextRules.problems(name, at: path("name"), maxLength: 100)
        if values.isEmpty { problems.append(ValidationProblem(path("values"), .required, "an attribute needs a value")) }
        for (index, value) in values.enumerated() {
            problems += TextRules.problems(value, at: path.element("values", index).text, maxLength: 200)
        }
        if Set(values).count != values.count {
            problems.append(ValidationProblem(path("values"), .duplicate, "a value is listed twice"))
        }
        return problems
    }
}
