import Foundation

/// How the portal writes dates and times: always with the zone, never the server's local time
/// (a partner in Amsterdam and their customer in London read the same page).
enum PortalFormat {
    /// `22 Nov 2026`, UTC.
    static func day(_ date: Date) -> String {
        date.formatted(dayStyle)
    }

    // Made once: building a format style per date showed in `make bench-portal`'s profile.
    private static let dayStyle = Date.FormatStyle(date: .abbreviated, time: .omitted, locale: locale, timeZone: utc)

    /// `2026-11-22 14:05 UTC`, for log-like lists (audit, tokens' last use).
    static func minute(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)) UTC"
    }

    private static let utc = TimeZone(identifier: "UTC")!
    private static let locale = Locale(identifier: "en_GB")
}
