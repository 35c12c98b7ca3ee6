import Foundation

/// The parser of `SourcePath`'s grammar: one pass over the characters, failing at the first
/// thing that does not fit with the position a person can find in what they typed.
struct SourcePathParser {
    private let characters: [Character]
    private var position = 0

    init(_ text: String) {
        characters = Array(text)
    }

    /// Characters that end a bare name.
    static let delimiters: Set<Character> = [".", "[", "]", "=", "\""]

    mutating func parse() throws(SourcePathError) -> [SourcePath.Step] {
        guard characters.count <= SourcePath.maximumLength else {
            throw SourcePathError(position: SourcePath.maximumLength + 1,
                                  reason: "a path is at most \(SourcePath.maximumLength) characters")
        }
        guard !characters.isEmpty else { throw SourcePathError(position: 1, reason: "expected a field name") }
        var steps: [SourcePath.Step] = [.member(try name())]
        while let next = peek {
            switch next {
            case ".":
                position += 1
                steps.append(.member(try name()))
            case "[":
                steps.append(try selector())
            default:
                throw failure("expected '.' or '[' after a field name, found '\(next)'")
            }
        }
        if steps.filter({ $0 == .each }).count > 1 {
            let second = characters.indices.filter { characters[$0] == "*" }.dropFirst().first ?? 0
            throw SourcePathError(position: second + 1, reason: "only one [*] is allowed: lists nest one level")
        }
        return steps
    }

    private var peek: Character? { position < characters.count ? characters[position] : nil }

    private func failure(_ reason: String) -> SourcePathError {
        SourcePathError(position: position + 1, reason: reason)
    }

    /// A bare or quoted name.
    private mutating func name() throws(SourcePathError) -> String {
        if peek == "\"" { return try quotedText() }
        let start = position
        while let character = peek, !Self.delimiters.contains(character) {
            if character.isWhitespace { throw failure("white space in a name; put the name in double quotes") }
            position += 1
        }
        guard position > start else {
            throw failure(peek.map { "expected a field name, found '\($0)'" } ?? "expected a field name after '.'")
        }
        return String(characters[start..<position])
    }

    /// `"…"` with `\"` and `\\` escapes; the position is on the opening quote.
    private mutating func quotedText() throws(SourcePathError) -> String {
        let opening = position
        position += 1
        var text = ""
        while let character = peek {
            position += 1
            switch character {
            case "\"":
                return text
            case "\\":
                guard let escaped = peek, escaped == "\"" || escaped == "\\" else {
                    position -= 1
                    throw failure("only \\\" and \\\\ may follow a backslash in quotes")
                }
                text.append(escaped)
                position += 1
            default:
                text.append(character)
            }
        }
        throw SourcePathError(position: opening + 1, reason: "the quote opened here is never closed")
    }

    /// `[*]`, `[3]` or `[key=value]`; the position is on `[`.
    private mutating func selector() throws(SourcePathError) -> SourcePath.Step {
        position += 1
        guard let first = peek else { throw failure("expected '*', an index or key=value after '['") }
        let step: SourcePath.Step
        if first == "*" {
            position += 1
            step = .each
        } else if first.isASCII, first.isNumber {
            let start = position
            while let character = peek, character.isASCII, character.isNumber { position += 1 }
            guard let index = Int(String(characters[start..<position])), index <= 100_000 else {
                throw SourcePathError(position: start + 1, reason: "the index is too large")
            }
            step = .index(index)
        } else {
            let key = try name()
            guard peek == "=" else {
                throw failure(peek.map { "expected '=' after the key, found '\($0)'" } ?? "expected '=' after the key")
            }
            position += 1
            step = .match(key: key, value: try matchValue())
        }
        guard peek == "]" else {
            throw failure(peek.map { "expected ']', found '\($0)'" } ?? "expected ']'")
        }
        position += 1
        return step
    }

    /// The value of `[key=value]`: quoted, or everything up to `]`.
    private mutating func matchValue() throws(SourcePathError) -> String {
        if peek == "\"" { return try quotedText() }
        let start = position
        while let character = peek, character != "]" { position += 1 }
        guard position > start else { throw failure("expected a value after '='; write \"\" for an empty one") }
        return String(characters[start..<position])
    }

    /// `name` as a path spells it: bare when it can be, else quoted.
    static func spelled(_ name: String) -> String {
        let bare = !name.isEmpty && !name.contains(where: { delimiters.contains($0) || $0.isWhitespace || $0 == "\\" })
        return bare ? name : quoted(name)
    }

    /// `text` in double quotes with `"` and `\` escaped.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
