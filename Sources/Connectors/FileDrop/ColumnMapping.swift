public import Commerce
import Foundation

/// Which CSV column holds which field, by header name: `sku=Item No;name=Description;price=Price`.
/// A field left out is looked for under its own name (`sku`). Header names are matched ignoring
/// case and surrounding blanks, since the same export is re-saved by hand now and then.
public struct ColumnMapping: Sendable, Hashable {
    /// The fields a file drop reads.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        /// The SKU (item master and stock).
        case sku
        /// The product name (item master).
        case name
        /// The long description (item master, optional).
        case description
        /// The list price (item master, optional: without it no price is handed over).
        case price
        /// The sale price (item master, optional).
        case salePrice = "sale_price"
        /// The quantity on hand (stock).
        case quantity
        /// The location code (stock, optional: the connection's stock location otherwise).
        case location
    }

    /// Header names by field, as configured.
    public private(set) var headers: [Field: String]

    /// The mapping written in `text`; empty text maps every field to its own name.
    ///
    /// - Throws: ``ValidationError`` naming each unknown field, pair without `=`, empty header
    ///   and field mapped twice, at path `column_mapping`.
    public init(_ text: String) throws(ValidationError) {
        var headers: [Field: String] = [:]
        var problems: [ValidationProblem] = []
        for pair in text.split(separator: ";") where !pair.allSatisfy(\.isWhitespace) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                problems.append(ValidationProblem("column_mapping", .malformed, "\(pair) is not field=Header"))
                continue
            }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            let header = parts[1].trimmingCharacters(in: .whitespaces)
            guard let field = Field(rawValue: name) else {
                problems.append(ValidationProblem("column_mapping", .unknownField,
                    "\(name) is not a field; use \(Field.allCases.map(\.rawValue).joined(separator: ", "))"))
                continue
            }
            if header.isEmpty {
                problems.append(ValidationProblem("column_mapping", .required, "\(name) has no header name"))
            } else if headers[field] != nil {
                problems.append(ValidationProblem("column_mapping", .duplicate, "\(name) is mapped twice"))
            } else {
                headers[field] = header
            }
        }
        guard problems.isEmpty else { throw ValidationError(problems) }
        self.headers = headers
    }

    /// The header name of `field`.
    public func header(_ field: Field) -> String { headers[field] ?? field.rawValue }

    /// Where each field's column is in a file with `header`, with the problems of the header:
    /// a required field without a column, and a mapped header that appears twice.
    func locate(_ fields: [Field], required: Set<Field>, in header: [String], locator: ProblemLocator)
        -> (columns: [Field: Int], problems: [FileDropProblem]) {
        let normalised = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var columns: [Field: Int] = [:]
        var problems: [FileDropProblem] = []
        for field in fields {
            let wanted = self.header(field).lowercased()
            let matches = normalised.indices.filter { normalised[$0] == wanted }
            if matches.count > 1 {
                problems.append(locator.problem(line: 1, column: self.header(field), .duplicate,
                                                "the header has \(matches.count) columns named \(self.header(field))"))
            } else if let index = matches.first {
                columns[field] = index
            } else if required.contains(field) {
                problems.append(locator.problem(line: 1, column: self.header(field), .required,
                    "the header has no column \(self.header(field)) (for \(field.rawValue)); it has "
                        + header.map { "\"\($0)\"" }.joined(separator: ", ")))
            }
        }
        return (columns, problems)
    }
}
