/// A response exactly as it came off the wire: status line, fields in order, body.
struct RawResponse {
    /// `HTTP/1.1 200 OK`.
    let statusLine: String
    /// The status code.
    let status: Int
    /// Field lines in order, names as sent.
    let fields: [(name: String, value: String)]
    /// The content (empty for HEAD, 1xx, 204, 304).
    var body: [UInt8] = []
    /// How many bytes the head took on the wire.
    let headLength: Int
    /// How many bytes the whole response took on the wire.
    var wireLength: Int { headLength + body.count }

    /// Parses a head that ends with its empty line.
    init(head: [UInt8]) throws {
        headLength = head.count
        let lines = String(decoding: head, as: UTF8.self)
            .split(separator: "\r\n", omittingEmptySubsequences: false).dropLast(2).map(String.init)
        guard let first = lines.first else { throw TestClientError.malformedResponse("empty head") }
        statusLine = first
        let parts = first.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let code = Int(parts[1]) else {
            throw TestClientError.malformedResponse("status line \(first)")
        }
        status = code
        fields = try lines.dropFirst().map { line in
            guard let colon = line.firstIndex(of: ":") else { throw TestClientError.malformedResponse("field \(line)") }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            return (String(line[..<colon]), String(value.reversed().drop { $0 == " " || $0 == "\t" }.reversed()))
        }
    }

    /// Field values by case-insensitive name; the first when repeated.
    var headers: [String: String] {
        var result: [String: String] = [:]
        for field in fields where result[field.name.lowercased()] == nil {
            result[field.name.lowercased()] = field.value
        }
        return result
    }

    /// How many times a field appears.
    func count(of name: String) -> Int {
        fields.filter { $0.name.lowercased() == name.lowercased() }.count
    }

    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// Whether the server said it will close the connection.
    var closesConnection: Bool { headers["connection"]?.lowercased() == "close" }
}
