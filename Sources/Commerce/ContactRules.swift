/// Form checks for e-mail addresses and phone numbers. They catch what a mapping gets wrong
/// (a name in the e-mail column, a phone number with letters), not whether a mailbox exists.
enum ContactRules {
    /// Problems of an e-mail address at `path`: `local@domain` with one `@`, a local part of at
    /// most 64 and a domain of at most 255 octets with a dot and no empty labels (RFC 5321
    /// §4.5.3.1), no blanks or control characters.
    static func emailProblems(_ email: String, at path: String) -> [ValidationProblem] {
        let malformed = [ValidationProblem(path, .malformed, "must be an e-mail address like name@example.com")]
        guard !email.contains(where: { $0.isWhitespace }), !TextRules.hasControlCharacters(email) else { return malformed }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return malformed }
        let local = parts[0], domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard !local.isEmpty, local.utf8.count <= 64, domain.utf8.count <= 255,
              labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }) else { return malformed }
        return []
    }

    /// Problems of a phone number at `path`: digits with the separators people write (space,
    /// `-`, `.`, `/`, parentheses), an optional leading `+` (E.164's international prefix),
    /// 3 to 15 digits (E.164 §6.1 caps a number at 15), at most 40 characters.
    static func phoneProblems(_ phone: String, at path: String) -> [ValidationProblem] {
        let separators: Set<Character> = [" ", "-", ".", "/", "(", ")"]
        var digits = 0
        for (offset, character) in phone.enumerated() {
            if character.isASCII, character.isNumber { digits += 1; continue }
            if separators.contains(character) || (character == "+" && offset == 0) { continue }
            return [ValidationProblem(path, .malformed, "may hold only digits, spaces, + ( ) - . /; found \"\(character)\"")]
        }
        guard phone.count <= 40, (3...15).contains(digits) else {
            return [ValidationProblem(path, .malformed, "must have 3 to 15 digits (E.164), has \(digits)")]
        }
        return []
    }
}
