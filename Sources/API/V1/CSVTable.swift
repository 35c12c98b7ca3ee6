/// A CSV document (RFC 4180): CRLF line ends, fields quoted when they hold a comma, quote, CR
/// or LF, quotes doubled. Fields starting with `=`, `+`, `-`, `@`, tab or CR are prefixed with
/// `'` so a spreadsheet opening the export does not run them as formulas (OWASP, "CSV
/// Injection") — audit rows carry user-chosen names.
struct CSVTable {
    private(set) var text = ""

    init(header: [String]) {
        append(header)
    }

    mutating func append(_ fields: [String?]) {
        text += fields.map { Self.escape($0 ?? "") }.joined(separator: ",") + "\r\n"
    }

    static func escape(_ field: String) -> String {
        var value = field
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
