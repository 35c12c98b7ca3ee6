/// A header value of the shape `value; name=token; name="quoted string"` — `Content-Type`
/// (RFC 9110 §8.3.1, parameters §5.6.6) and `Content-Disposition` (RFC 6266 §4.1, as
/// RFC 7578 §4.2 uses it) — split strictly into its leading value and its parameters.
///
/// Strict means: parameter names are tokens (compared in lower case), values are a token or a
/// quoted-string with `\`-escapes (§5.6.4), a name may appear only once, and nothing is left
/// over. Anything else is refused rather than guessed at, so two readers of one header cannot
/// disagree about, say, which `name` a form part has.
struct HeaderParameters: Sendable, Equatable {
    /// The part before the first `;`, trimmed and lower-cased (`multipart/form-data`).
    let value: String
    /// Parameters by lower-cased name.
    let parameters: [String: String]

    /// Parses `text`; nil when it is malformed.
    init?(_ text: String) {
        let bytes = Array(text.utf8)
        var index = 0
        func skipWhitespace() {
            while index < bytes.count, bytes[index] == ASCII.space || bytes[index] == ASCII.tab { index += 1 }
        }
        func token() -> String? {
            let start = index
            while index < bytes.count, ASCII.isTokenCharacter(bytes[index]) || bytes[index] == UInt8(ascii: "/") { index += 1 }
            return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
        }
        skipWhitespace()
        guard let leading = token() else { return nil }
        var parameters: [String: String] = [:]
        skipWhitespace()
        while index < bytes.count {
            guard bytes[index] == ASCII.semicolon else { return nil }
            index += 1
            skipWhitespace()
            let nameStart = index
            while index < bytes.count, ASCII.isTokenCharacter(bytes[index]) { index += 1 }
            guard index > nameStart, index < bytes.count, bytes[index] == UInt8(ascii: "=") else { return nil }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
            index += 1
            var value: [UInt8] = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                index += 1
                var closed = false
                while index < bytes.count {
                    let byte = bytes[index]
                    index += 1
                    if byte == UInt8(ascii: "\"") { closed = true; break }
                    if byte == UInt8(ascii: "\\") {
                        guard index < bytes.count else { return nil }
                        value.append(bytes[index])
                        index += 1
                    } else {
                        guard ASCII.isFieldValueCharacter(byte) else { return nil }
                        value.append(byte)
                    }
                }
                guard closed else { return nil }
            } else {
                let start = index
                while index < bytes.count, ASCII.isTokenCharacter(bytes[index]) { index += 1 }
                guard index > start else { return nil }
                value = Array(bytes[start..<index])
            }
            guard parameters[name] == nil, let decoded = String(validating: value, as: UTF8.self) else { return nil }
            parameters[name] = decoded
            skipWhitespace()
        }
        self.value = leading.lowercased()
        self.parameters = parameters
    }

    /// The parameter `name` (case-insensitive).
    subscript(name: String) -> String? { parameters[name.lowercased()] }
}
