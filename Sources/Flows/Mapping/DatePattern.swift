public import Foundation

/// A date layout as legacy exports write dates (`dd.MM.yyyy`, `MM/dd/yyyy HH:mm`), in the
/// letters of Unicode TR 35 §8 that such files need — and only those, so a pattern means the
/// same on every machine and a typo is refused when the mapping is saved:
///
/// | letters | reads |
/// |---|---|
/// | `yyyy` | a four-digit year |
/// | `yy` | a two-digit year, 2000–2099 |
/// | `MM` / `M` | month, two digits / one or two |
/// | `dd` / `d` | day of the month |
/// | `HH` / `H` | hour 0–23 |
/// | `mm` | minute |
/// | `ss` | second |
/// | `SSS` | milliseconds |
/// | `'text'` | `text` literally (`''` is a quote) |
///
/// Any other character that is not a letter stands for itself. Parsing is strict: the whole
/// text must match, and the date must exist (no 31 April). Not ICU's `DateFormatter`, which is
/// lenient, locale-dependent and slow to create.
public struct DatePattern: Sendable, Hashable, CustomStringConvertible {
    enum Token: Sendable, Hashable {
        case year4, year2, month(fixed: Bool), day(fixed: Bool), hour(fixed: Bool), minute, second, milliseconds
        case literal(Character)
    }

    /// The pattern as written.
    public let description: String
    let tokens: [Token]

    /// Parses `pattern`; `DatePatternError` names the position (from 1) of what is not allowed.
    public init(_ pattern: String) throws(DatePatternError) {
        description = pattern
        let characters = Array(pattern)
        guard !characters.isEmpty else { throw DatePatternError(position: 1, reason: "a date pattern must not be empty") }
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "'" {
                index += 1
                if index < characters.count, characters[index] == "'" { tokens.append(.literal("'")); index += 1; continue }
                let opening = index
                while index < characters.count, characters[index] != "'" { tokens.append(.literal(characters[index])); index += 1 }
                guard index < characters.count else {
                    throw DatePatternError(position: opening, reason: "the quote opened here is never closed")
                }
                index += 1
                continue
            }
            guard character.isLetter else { tokens.append(.literal(character)); index += 1; continue }
            var run = 1
            while index + run < characters.count, characters[index + run] == character { run += 1 }
            let token: Token? = switch (character, run) {
            case ("y", 4): .year4
            case ("y", 2): .year2
            case ("M", 2): .month(fixed: true)
            case ("M", 1): .month(fixed: false)
            case ("d", 2): .day(fixed: true)
            case ("d", 1): .day(fixed: false)
            case ("H", 2): .hour(fixed: true)
            case ("H", 1): .hour(fixed: false)
            case ("m", 2): .minute
            case ("s", 2): .second
            case ("S", 3): .milliseconds
            default: nil
            }
            guard let token else {
                throw DatePatternError(position: index + 1, reason: "'\(String(repeating: character, count: run))' is not one of "
                                       + "yyyy, yy, MM, M, dd, d, HH, H, mm, ss, SSS; put literal letters in single quotes")
            }
            tokens.append(token)
            index += run
        }
        let hasYear = tokens.contains(.year4) || tokens.contains(.year2)
        let hasMonth = tokens.contains(.month(fixed: true)) || tokens.contains(.month(fixed: false))
        let hasDay = tokens.contains(.day(fixed: true)) || tokens.contains(.day(fixed: false))
        guard hasYear, hasMonth, hasDay else {
            throw DatePatternError(position: 1, reason: "a date pattern needs a year (yyyy or yy), a month (MM or M) and a day (dd or d)")
        }
        self.tokens = tokens
    }

    /// The instant `text` names in `timeZone`, or nil when it does not match the pattern or
    /// names a day that does not exist.
    public func date(from text: String, in timeZone: TimeZone) -> Date? {
        let characters = Array(text)
        var index = 0
        var components = DateComponents()
        components.timeZone = timeZone
        func digits(_ minimum: Int, _ maximum: Int) -> Int? {
            var count = 0
            var value = 0
            while count < maximum, index < characters.count, let digit = characters[index].wholeNumberValue,
                  characters[index].isASCII {
                value = value * 10 + digit
                count += 1
                index += 1
            }
            return count >= minimum ? value : nil
        }
        for token in tokens {
            switch token {
            case .year4: guard let year = digits(4, 4) else { return nil }; components.year = year
            case .year2: guard let year = digits(2, 2) else { return nil }; components.year = 2000 + year
            case .month(let fixed): guard let month = digits(fixed ? 2 : 1, 2) else { return nil }; components.month = month
            case .day(let fixed): guard let day = digits(fixed ? 2 : 1, 2) else { return nil }; components.day = day
            case .hour(let fixed): guard let hour = digits(fixed ? 2 : 1, 2) else { return nil }; components.hour = hour
            case .minute: guard let minute = digits(2, 2) else { return nil }; components.minute = minute
            case .second: guard let second = digits(2, 2) else { return nil }; components.second = second
            case .milliseconds:
                guard let milliseconds = digits(3, 3) else { return nil }
                components.nanosecond = milliseconds * 1_000_000
            case .literal(let expected):
                guard index < characters.count, characters[index] == expected else { return nil }
                index += 1
            }
        }
        guard index == characters.count else { return nil }
        return Self.exactDate(components)
    }

    /// The date of `components` if every component is in range for that very day, else nil:
    /// `Calendar` would roll 31 April over to 1 May.
    static func exactDate(_ components: DateComponents) -> Date? {
        guard let month = components.month, (1...12).contains(month), let day = components.day, (1...31).contains(day),
              (0...23).contains(components.hour ?? 0), (0...59).contains(components.minute ?? 0),
              (0...59).contains(components.second ?? 0) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = components.timeZone ?? TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: components) else { return nil }
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == components.year, back.month == month, back.day == day else { return nil }
        return date
    }
}

/// A date pattern that cannot be used: where (from 1) and why.
public struct DatePatternError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The character position, from 1.
    public let position: Int
    /// What is wrong.
    public let reason: String

    /// An error at `position` (from 1).
    public init(position: Int, reason: String) {
        self.position = position
        self.reason = reason
    }

    /// `at position 4: 'QQ' is not one of …`.
    public var description: String { "at position \(position): \(reason)" }
}
