public import Foundation

/// A Tryton `datetime`: naive, and UTC by Tryton's convention (`create_date`, `write_date`,
/// `last_modified_at` are the start time of the writing transaction in UTC), to the
/// microsecond. Kept as whole microseconds since 1970 so a change cursor compares and stores it
/// exactly; `Date` (a binary float) would blur the last digit.
public struct TrytonTimestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00 UTC.
    public var microseconds: Int64

    /// The timestamp `microseconds` after the epoch.
    public init(microseconds: Int64) { self.microseconds = microseconds }

    /// The timestamp of a moment, rounded down to the microsecond.
    public init(_ date: Date) {
        microseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down))
    }

    /// The timestamp for calendar fields in UTC; nil when they name no moment (month 13).
    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int) {
        var parts = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        parts.timeZone = .gmt
        guard (0..<1_000_000).contains(microsecond), parts.isValidDate(in: Self.calendar),
              let date = Self.calendar.date(from: parts) else { return nil }
        microseconds = Int64(date.timeIntervalSince1970.rounded()) * 1_000_000 + Int64(microsecond)
    }

    /// The moment.
    public var date: Date { Date(timeIntervalSince1970: TimeInterval(microseconds) / 1_000_000) }

    /// This timestamp moved by `duration` (negative: earlier).
    public func adding(_ duration: Duration) -> TrytonTimestamp {
        let (seconds, attoseconds) = duration.components
        return TrytonTimestamp(microseconds: microseconds + seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
    }

    /// The UTC calendar fields, as Tryton's tagged `datetime` carries them.
    var components: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int) {
        let wholeSeconds = microseconds >= 0 ? microseconds / 1_000_000 : (microseconds - 999_999) / 1_000_000
        let parts = Self.calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                                 from: Date(timeIntervalSince1970: TimeInterval(wholeSeconds)))
        return (parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0,
                Int(microseconds - wholeSeconds * 1_000_000))
    }

    /// ISO 8601 with microseconds, e.g. `2026-11-22T08:36:49.993386Z`.
    public var description: String {
        let parts = components
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let fraction = String(parts.microsecond + 1_000_000).dropFirst()
        return "\(parts.year)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)).\(fraction)Z"
    }

    public static func < (left: TrytonTimestamp, right: TrytonTimestamp) -> Bool { left.microseconds < right.microseconds }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()
}

/// A Tryton `date` (a sale date, an invoice date, a move's effective date): a calendar day with
/// no time zone.
public struct TrytonDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year.
    public var year: Int
    /// The month, 1-12.
    public var month: Int
    /// The day of the month.
    public var day: Int

    /// The day `year-month-day`.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day a moment falls on in UTC (Tryton's company time zone here is UTC).
    public init(_ date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// Midnight UTC at the start of the day.
    public var startOfDay: Date {
        TrytonTimestamp(year: year, month: month, day: day, hour: 0, minute: 0, second: 0, microsecond: 0)?.date
            ?? Date(timeIntervalSince1970: 0)
    }

    /// `2026-11-22`.
    public var description: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    public static func < (left: TrytonDate, right: TrytonDate) -> Bool {
        (left.year, left.month, left.day) < (right.year, right.month, right.day)
    }
}
