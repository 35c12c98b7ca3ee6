public import Foundation

/// A calendar day reconciled, `yyyy-MM-dd`, read in a flow's time zone: the day's orders are
/// those created from its local midnight to the next (23 or 25 hours across a clock change).
public struct ReconciliationDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year.
    public let year: Int
    /// The month, 1-12.
    public let month: Int
    /// The day of the month.
    public let day: Int

    /// Parses `yyyy-MM-dd` (ISO 8601 calendar date); nil for anything else or a day that
    /// does not exist (2026-02-30).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), year >= 1970 else { return nil }
        self.year = year
        self.month = month
        self.day = day
        guard let start = window(in: .gmt)?.lowerBound,
              Self.calendar(.gmt).dateComponents([.year, .month, .day], from: start) == DateComponents(year: year, month: month, day: day)
        else { return nil }
    }

    /// The day `date` falls on in `zone`.
    public init(containing date: Date, in zone: TimeZone) {
        let parts = Self.calendar(zone).dateComponents([.year, .month, .day], from: date)
        year = parts.year ?? 1970
        month = parts.month ?? 1
        day = parts.day ?? 1
    }

    /// The day before the one `date` falls on in `zone`: what the morning's scheduled run reconciles.
    public static func previous(to date: Date, in zone: TimeZone) -> ReconciliationDay {
        let today = ReconciliationDay(containing: date, in: zone)
        let start = today.window(in: zone)?.lowerBound ?? date
        return ReconciliationDay(containing: start.addingTimeInterval(-1), in: zone)
    }

    /// From the day's first moment in `zone` to the next day's.
    public func window(in zone: TimeZone) -> Range<Date>? {
        let calendar = Self.calendar(zone)
        guard let start = calendar.date(from: DateComponents(year: year, month: month, day: day)),
              let end = calendar.date(byAdding: .day, value: 1, to: start) else { return nil }
        return start..<end
    }

    /// `yyyy-MM-dd`.
    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// Orders days by date.
    public static func < (lhs: ReconciliationDay, rhs: ReconciliationDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Decodes `yyyy-MM-dd`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = ReconciliationDay(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a yyyy-MM-dd day"))
        }
        self = day
    }

    /// Encodes `yyyy-MM-dd`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}
