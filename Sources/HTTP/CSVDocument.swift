/// A CSV document to send (RFC 4180): CRLF line ends (§2.1), fields quoted when they hold a
/// comma, quote, CR or LF, quotes doubled (§2.6–2.7). A text field starting with `=`, `+`, `-`,
/// `@`, tab or CR is prefixed with `'` so a spreadsheet opening the download does not run it as
/// a formula (OWASP, "CSV Injection") — exports carry names and error texts that customers and
/// their systems choose; numbers (`-12.50`) are left as they are.
public struct CSVDocument: Sendable {
    /// The document so far.
    public private(set) var text = ""

    /// A document with its header row.
    public init(header: [String]) {
        append(header)
    }

    /// A document with its header and rows.
    public init(header: [String], rows: [[String?]]) {
        self.init(header: header)
        for row in rows { append(row) }
    }

    /// Adds one record; nil is an empty field.
    public mutating func append(_ fields: [String?]) {
        text += fields.map { Self.escape($0 ?? "") }.joined(separator: ",") + "\r\n"
    }

    /// The document as UTF-8 bytes.
    public var bytes: [UInt8] { Array(text.utf8) }

    /// One field as it is written.
    public static func escape(_ field: String) -> String {
        var value = field
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(value) == nil {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension Response {
    /// A CSV download: `text/csv` (RFC 7111) as an attachment named `fileName` (RFC 6266 §4),
    /// not cached — exports carry a tenant's figures. `fileName` must be plain ASCII chosen by
    /// the server, never user text.
    public static func csv(_ document: CSVDocument, fileName: String) -> Response {
        Response(status: .ok, headers: [
            "Content-Type": "text/csv; charset=utf-8; header=present",
            "Content-Disposition": "attachment; filename=\"\(fileName)\"",
            "Cache-Control": "no-store",
        ], body: document.bytes)
    }
}
