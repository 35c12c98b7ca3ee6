/// The checks every free-text field shares: present when required, not longer than its limit,
/// no control characters (a tab or line break in a name breaks CSV exports and log lines).
enum TextRules {
    /// Problems of `text` at `path`; `nil` text is only a problem when `required`.
    static func problems(_ text: String?, at path: String, maxLength: Int, required: Bool = true,
                         allowsLineBreaks: Bool = false) -> [ValidationProblem] {
        guard let text, !text.allSatisfy(\.isWhitespace) else {
            return required ? [ValidationProblem(path, .required, "must not be blank")] : []
        }
        var problems: [ValidationProblem] = []
        if text.count > maxLength {
            problems.append(ValidationProblem(path, .tooLong, "has \(text.count) characters; at most \(maxLength) are allowed"))
        }
        if hasControlCharacters(text, allowingLineBreaks: allowsLineBreaks) {
            problems.append(ValidationProblem(path, .controlCharacters, "must not contain control characters"))
        }
        return problems
    }

    /// Whether `text` holds a Unicode control character (general category Cc), line breaks
    /// excepted when they are allowed (a description, a note).
    static func hasControlCharacters(_ text: String, allowingLineBreaks: Bool = false) -> Bool {
        text.unicodeScalars.contains { scalar in
            guard scalar.properties.generalCategory == .control else { return false }
            return !(allowingLineBreaks && (scalar == "\n" || scalar == "\r" || scalar == "\t"))
        }
    }
}
