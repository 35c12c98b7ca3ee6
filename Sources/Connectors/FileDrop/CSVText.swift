/// Bytes of a CSV file to text and back, in the dialect's encoding.
enum CSVText {
    /// The file's text. UTF-8 is checked strictly (RFC 3629: no overlong forms, no surrogates)
    /// and a leading byte order mark is dropped; Windows-1252 decodes every byte.
    ///
    /// - Returns: the text, or the problem naming the line of the first invalid byte.
    static func decode(_ bytes: [UInt8], as encoding: CSVDialect.Encoding, locator: ProblemLocator) -> Result<String, FileDropProblem> {
        switch encoding {
        case .windows1252:
            return .success(Windows1252.decode(bytes))
        case .utf8:
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
            var scalars = String.UnicodeScalarView()
            var decoder = UTF8()
            var iterator = body.makeIterator()
            var line = 1
            while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar):
                    if scalar == "\n" { line += 1 }
                    scalars.append(scalar)
                case .emptyInput:
                    return .success(String(scalars))
                case .error:
                    return .failure(locator.problem(line: line, .malformed,
                        "is not valid UTF-8 here; export the file as UTF-8 or set the connection's encoding to Windows-1252"))
                }
            }
        }
    }

    /// The text's bytes; for Windows-1252 the first character it cannot hold is named.
    static func encode(_ text: String, as encoding: CSVDialect.Encoding) -> Result<[UInt8], Windows1252.UnencodableCharacter> {
        switch encoding {
        case .utf8: .success(Array(text.utf8))
        case .windows1252: Windows1252.encode(text)
        }
    }
}
