/// A CSV download (RFC 4180): CRLF line ends, fields quoted when they hold a comma, quote, CR or
/// LF, quotes doubled; a field starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` so
/// a spreadsheet does not run it as a formula (OWASP, "CSV Injection") — customer names are the
/// partner's to choose. The same rules as the API's `CSVTable`, which Portal cannot import.
enum CSVDocument {
    /// `header` and `rows` as one document.
    static func text(header: [String], rows: [[String?]]) -> String {
        ([header] + rows).map { fields in fields.map { escape($0 ?? "") }.joined(separator: ",") + "\r\n" }.joined()
    }

    static func escape(_ field: String) -> String {
        var value = field
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
