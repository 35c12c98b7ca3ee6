public import Foundation

/// A billing period: one calendar month in UTC. Prices and terms change only at the start of a
/// billing period, so the month being billed is priced the same from its first day to its last.
public struct BillingMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year, e.g. 2026.
    public let year: Int
    /// The month, 1–12.
    public let month: Int

    /// The month `year`-`month`; nil when the month is not 1–12.
    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), (1...9999).contains(year) else { return nil }
        self.year = year
        self.month = month
    }

    /// The month in UTC that contains `date`.
    public init(containing date: Date) {
        let components = Self.calendar.dateComponents([.year, .month], from: date)
        self.year = components.year!
        self.month = components.month!
    }

    /// The month after this one.
    public var next: BillingMonth {
        month == 12 ? BillingMonth(year: year + 1, month: 1)! : BillingMonth(year: year, month: month + 1)!
    }

    /// Midnight UTC on the first day.
    public var firstDay: Date {
        Self.calendar.date(from: DateComponents(year: year, month: month, day: 1))!
    }

    /// `YYYY-MM-DD` of the first day, as PostgreSQL's `date` input reads it (ISO 8601).
    public var firstDayText: String {
        let paddedYear = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return paddedYear + (month < 10 ? "-0" : "-") + String(month) + "-01"
    }

    /// `YYYY-MM`.
    public var description: String { String(firstDayText.dropLast(3)) }

    public static func < (lhs: BillingMonth, rhs: BillingMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    /// The day `date` falls on in UTC, as `YYYY-MM-DD`, for comparing with `date` columns.
    static func dayText(_ date: Date) -> String {
        let components = calendar.dateComponents([.year, .month, .day], from: date)
        let month = BillingMonth(containing: date)
        let day = components.day!
        return String(month.firstDayText.dropLast(2)) + (day < 10 ? "0" : "") + String(day)
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
