public import Commerce

/// One thing wrong with a dropped file, said so that whoever exports it can fix it: the file,
/// the line (counted from 1 as an editor shows it; for a record spanning lines, where it starts),
/// the column by its header name, and the rule. A file with any problem is rejected whole.
public struct FileDropProblem: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file's name.
    public var file: String
    /// The line the record starts on; 0 for a problem with the whole file (its encoding, its
    /// header before any line could be read).
    public var line: Int
    /// The column's header name, when the problem is in one field.
    public var column: String?
    /// Which rule.
    public var rule: ValidationProblem.Rule
    /// What is wrong, in a sentence.
    public var message: String

    /// Creates a problem.
    public init(file: String, line: Int, column: String? = nil, rule: ValidationProblem.Rule, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.rule = rule
        self.message = message
    }

    /// `items.csv line 7, column "Price": … (malformed)`.
    public var description: String {
        var text = file
        if line > 0 { text += " line \(line)" }
        if let column { text += ", column \"\(column)\"" }
        return text + ": \(message) (\(rule.rawValue))"
    }
}

/// The problems of one file, located once: every problem found carries this file's name.
struct ProblemLocator {
    /// The file's name.
    let file: String

    /// A problem at `line`, optionally in `column`.
    func problem(line: Int, column: String? = nil, _ rule: ValidationProblem.Rule, _ message: String) -> FileDropProblem {
        FileDropProblem(file: file, line: line, column: column, rule: rule, message: message)
    }
}

/// Every problem of a rejected file; the failure side of reading one.
struct FileRejection: Error {
    /// The problems, in line order.
    var problems: [FileDropProblem]
}
