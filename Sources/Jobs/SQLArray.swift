import Postgres

/// A one-dimensional array parameter in PostgreSQL's text form (`{"a","b",NULL}`), for
/// `= ANY($1::text[])` and `unnest($1::uuid[], $2::int8[])`.
///
/// Sent with an unspecified type, so every statement casts it (`$1::int8[]`): the element type
/// lives in the SQL beside its use. Elements are always double-quoted with `\` and `"` escaped
/// (PostgreSQL docs §8.15.6, "Array Input and Output Syntax"), so no value can end the literal.
struct SQLArray: PostgresEncodable {
    /// The elements' text forms; nil is NULL.
    let elements: [String?]

    init(_ elements: [String?]) { self.elements = elements }

    init(_ strings: [String]) { self.elements = strings }

    init(_ integers: [Int64]) { self.elements = integers.map { String($0) } }

    init(_ integers: [Int]) { self.elements = integers.map { String($0) } }

    static var postgresDataType: PostgresDataType { .unspecified }

    func postgresText() throws -> String? {
        var text = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { text += "," }
            guard let element else { text += "NULL"; continue }
            guard !element.utf8.contains(0) else {
                throw PostgresError(.encoding, "an array element cannot contain NUL")
            }
            text += "\""
            for character in element.unicodeScalars {
                if character == "\\" || character == "\"" { text += "\\" }
                text.unicodeScalars.append(character)
            }
            text += "\""
        }
        return text + "}"
    }
}
