/// One field of a cron expression: the values it allows, as a bit set over its range.
///
/// Grammar (crontab(5)): a list of items separated by `,`; an item is `*`, a value, or a range
/// `a-b`, each optionally followed by `/step`; `a/step` means `a-max/step`. Months and weekdays
/// also take three-letter English names (`JAN`, `MON`), in any case.
struct CronField: Sendable, Equatable {
    /// Which field this is, with its range and names.
    struct Kind: Sendable {
        let name: String
        let range: ClosedRange<Int>
        let names: [String: Int]

        static let minute = Kind(name: "minute", range: 0...59, names: [:])
        static let hour = Kind(name: "hour", range: 0...23, names: [:])
        static let dayOfMonth = Kind(name: "day of month", range: 1...31, names: [:])
        static let month = Kind(name: "month", range: 1...12, names: [
            "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
            "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
        ])
        // 0 and 7 are both Sunday (crontab(5)); 7 is folded into 0 after parsing.
        static let dayOfWeek = Kind(name: "day of week", range: 0...7, names: [
            "sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6,
        ])
    }

    /// Bit n set: value n allowed.
    private(set) var bits: UInt64 = 0
    /// Whether the field starts with `*` (`*`, `*/15`). Vixie cron, and so crontab(5) and
    /// cron(8), decide two rules on that first character alone: the day-of-month/day-of-week
    /// "either matches" rule (`CronExpression.matchesDay`), and which jobs follow the wall clock
    /// across daylight-saving changes (`CronExpression.nextFire`).
    let isWildcard: Bool

    /// The allowed values, ascending.
    var values: [Int] { (0..<64).filter { contains($0) } }

    func contains(_ value: Int) -> Bool { value >= 0 && value < 64 && bits & (1 << UInt64(value)) != 0 }

    init(parsing text: Substring, as kind: Kind) throws(JobsError) {
        isWildcard = text.hasPrefix("*")
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            try add(item, kind)
        }
        if kind.range.upperBound == 7, contains(7) {
            bits = (bits & ~(1 << 7)) | 1
        }
    }

    private mutating func add(_ item: Substring, _ kind: Kind) throws(JobsError) {
        let parts = item.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        var step = 1
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), parsed >= 1, parsed <= kind.range.count else {
                throw .invalidCron("\(kind.name): step \"\(parts[1])\" in \"\(item)\" must be a whole number from 1 to \(kind.range.count)")
            }
            step = parsed
        }
        let span = parts[0]
        let lower: Int, upper: Int
        if span == "*" {
            (lower, upper) = (kind.range.lowerBound, kind.range.upperBound)
        } else if let dash = span.firstIndex(of: "-") {
            lower = try value(span[..<dash], kind, in: item)
            upper = try value(span[span.index(after: dash)...], kind, in: item)
            guard lower <= upper else {
                throw .invalidCron("\(kind.name): range \"\(span)\" runs backwards")
            }
        } else {
            lower = try value(span, kind, in: item)
            upper = parts.count == 2 ? kind.range.upperBound : lower
        }
        for value in stride(from: lower, through: upper, by: step) { bits |= 1 << UInt64(value) }
    }

    private func value(_ text: Substring, _ kind: Kind, in item: Substring) throws(JobsError) -> Int {
        if let number = Int(text), kind.range.contains(number) { return number }
        if let named = kind.names[text.lowercased()] { return named }
        let allowed = kind.names.isEmpty ? "" : " or a name such as \(kind.names.sorted { $0.value < $1.value }.first!.key.uppercased())"
        throw .invalidCron("\(kind.name): \"\(text)\" in \"\(item)\" is not a value from \(kind.range.lowerBound) to \(kind.range.upperBound)\(allowed)")
    }
}
