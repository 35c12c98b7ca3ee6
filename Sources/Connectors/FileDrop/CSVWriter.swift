/// Writes records as RFC 4180 CSV in a dialect: a field is quoted when it holds the delimiter,
/// a quote, a line break or surrounding blanks (§2 rule 6; blanks because many readers trim
/// unquoted fields), with each quote doubled (rule 7); every record ends with the line ending,
/// the last one too (rule 2 allows either; a complete last line tells a reader the file is whole).
struct CSVWriter {
    let dialect: CSVDialect

    /// The text of `records`.
    func text(_ records: [[String]]) -> String {
        var text = ""
        for record in records {
            text += record.map(quoted).joined(separator: String(Character(dialect.delimiter.scalar)))
            text += dialect.lineEnding.text
        }
        return text
    }

    private func quoted(_ field: String) -> String {
        let needsQuotes = field.unicodeScalars.contains {
            $0 == dialect.delimiter.scalar || $0 == "\"" || $0 == "\r" || $0 == "\n"
        } || field.first == " " || field.last == " "
        guard needsQuotes else { return field }
        var quoted = "\""
        for scalar in field.unicodeScalars {
            if scalar == "\"" { quoted.unicodeScalars.append("\"") }
            quoted.unicodeScalars.append(scalar)
        }
        return quoted + "\""
    }
}
