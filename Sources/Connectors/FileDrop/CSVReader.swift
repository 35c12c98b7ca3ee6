/// One record of a CSV file: its fields and the line it starts on.
struct CSVRecord: Sendable, Hashable {
    /// The line the record starts on, counted from 1.
    var line: Int
    /// The fields, unquoted.
    var fields: [String]
}

/// Splits decoded CSV text into records by RFC 4180 §2, strictly where a lenient reading would
/// guess:
///
/// - fields are separated by the dialect's delimiter, records by CRLF, LF or a lone CR (rule 1,
///   widened: files cross Unix and Windows hands);
/// - a field may be enclosed in double quotes, and then holds delimiters, line breaks and
///   doubled quotes `""` for one quote (rules 5–7);
/// - a quote inside an unquoted field, anything but a delimiter or line end after a closing
///   quote, and a quote left open at the end of the file are errors of that record — the rest of
///   its line is skipped and reading goes on, so one pass reports every bad record;
/// - blank lines are skipped (exports often end with several).
///
/// Works on Unicode scalars, not Characters: Swift joins CR LF into one Character, and a
/// delimiter followed by a combining mark would vanish into a grapheme.
struct CSVReader {
    let delimiter: Unicode.Scalar

    /// The records and the syntax problems, each with its line.
    func records(in text: String) -> (records: [CSVRecord], problems: [(line: Int, message: String)]) {
        var records: [CSVRecord] = []
        var problems: [(line: Int, message: String)] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var line = 1

        /// Moves past the line break at `index` (CRLF counts once) and counts it.
        func consumeLineBreak() {
            if scalars[index] == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
            index += 1
            line += 1
        }
        func isLineBreak(_ scalar: Unicode.Scalar) -> Bool { scalar == "\n" || scalar == "\r" }

        while index < scalars.count {
            let startLine = line
            var fields: [String] = []
            var field = String.UnicodeScalarView()
            var failure: String?

            record: while true {
                // At the start of a field.
                if index < scalars.count, scalars[index] == "\"" {
                    index += 1
                    var closed = false
                    while index < scalars.count {
                        let scalar = scalars[index]
                        if scalar == "\"" {
                            if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                                field.append("\"")
                                index += 2
                                continue
                            }
                            index += 1
                            closed = true
                            break
                        }
                        if isLineBreak(scalar) {
                            // Inside quotes a line break is data (rule 6); keep it as written.
                            if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" {
                                field.append("\r")
                                index += 1
                            }
                            field.append(scalars[index])
                            index += 1
                            line += 1
                            continue
                        }
                        field.append(scalar)
                        index += 1
                    }
                    guard closed else {
                        failure = "a quoted field opened on this line is never closed"
                        break record
                    }
                    if index < scalars.count, scalars[index] != delimiter, !isLineBreak(scalars[index]) {
                        failure = "text follows the closing quote of field \(fields.count + 1); quote the whole field"
                        break record
                    }
                } else {
                    while index < scalars.count, scalars[index] != delimiter, !isLineBreak(scalars[index]) {
                        if scalars[index] == "\"" {
                            failure = "field \(fields.count + 1) holds a quote but is not quoted; enclose it in quotes and double the quote (\"\")"
                            break record
                        }
                        field.append(scalars[index])
                        index += 1
                    }
                }
                fields.append(String(field))
                field = String.UnicodeScalarView()
                if index < scalars.count, scalars[index] == delimiter {
                    index += 1
                    continue
                }
                if index < scalars.count { consumeLineBreak() }
                break
            }

            if let failure {
                problems.append((startLine, failure))
                // Skip to the end of the current physical line and go on with the next record.
                while index < scalars.count, !isLineBreak(scalars[index]) { index += 1 }
                if index < scalars.count { consumeLineBreak() }
                continue
            }
            if fields == [""] { continue }  // a blank line
            records.append(CSVRecord(line: startLine, fields: fields))
        }
        return (records, problems)
    }
}
