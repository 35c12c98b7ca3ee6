/// A decoded CSV file as a header and rows, with every problem of its syntax and of its header
/// found in one pass — the first step of reading any dropped file.
struct CSVTable {
    /// The header's fields.
    var header: [String]
    /// The records after the header.
    var rows: [CSVRecord]
    /// Where each field's column is.
    var columns: [ColumnMapping.Field: Int]

    /// Decodes and splits `bytes`, finds the header and the columns of `fields`.
    ///
    /// - Returns: the table, or every problem found (encoding, syntax, header, field counts).
    static func read(_ bytes: [UInt8], dialect: CSVDialect, mapping: ColumnMapping, fields: [ColumnMapping.Field],
                     required: Set<ColumnMapping.Field>, locator: ProblemLocator) -> Result<CSVTable, FileRejection> {
        let text: String
        switch CSVText.decode(bytes, as: dialect.encoding, locator: locator) {
        case .success(let decoded): text = decoded
        case .failure(let problem): return .failure(FileRejection(problems: [problem]))
        }
        let (records, syntax) = CSVReader(delimiter: dialect.delimiter.scalar).records(in: text)
        var problems = syntax.map { locator.problem(line: $0.line, .malformed, $0.message) }
        guard let header = records.first else {
            problems.append(locator.problem(line: 1, .required, "the file has no header row"))
            return .failure(FileRejection(problems: problems))
        }
        let (columns, headerProblems) = mapping.locate(fields, required: required, in: header.fields, locator: locator)
        problems += headerProblems
        // RFC 4180 §2 rule 4: each line should contain the same number of fields.
        for row in records.dropFirst() where row.fields.count != header.fields.count {
            problems.append(locator.problem(line: row.line, .malformed,
                "has \(row.fields.count) fields; the header has \(header.fields.count) — check the separator and the quoting"))
        }
        guard problems.isEmpty else { return .failure(FileRejection(problems: problems.sorted { $0.line < $1.line })) }
        return .success(CSVTable(header: header.fields, rows: Array(records.dropFirst()), columns: columns))
    }

    /// The trimmed value of `field` in `row`, or nil when the column is absent or the value blank.
    func value(_ field: ColumnMapping.Field, in row: CSVRecord) -> String? {
        guard let column = columns[field] else { return nil }
        let value = row.fields[column].trimmingBlanksAndTabs()
        return value.isEmpty ? nil : value
    }

    /// The header name of `field`'s column, for problems.
    func columnName(_ field: ColumnMapping.Field) -> String? {
        columns[field].map { header[$0] }
    }
}

extension String {
    /// Without surrounding spaces and tabs (line breaks inside a quoted value are kept).
    func trimmingBlanksAndTabs() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
