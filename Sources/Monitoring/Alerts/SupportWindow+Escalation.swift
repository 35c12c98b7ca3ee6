public import Billing
public import Foundation

/// The support window as a clock for alerts (issue 7 §4): outside it notifications wait until it
/// opens, and escalation counts only the minutes inside it — nobody is on duty to escalate to.
///
/// Business hours apply every day: the tier's terms (Migrations/0002) hold a time zone and whole
/// hours, no weekdays. Local times go through the IANA zone, so a day with a daylight-saving
/// change still opens at 09:00 local time.
extension SupportWindow {
    /// Whether the window is open at `date`.
    public func isOpen(at date: Date) -> Bool {
        guard case .businessHours(let zone, let startHour, let endHour) = self else { return true }
        let hour = Self.calendar(zone).component(.hour, from: date)
        return hour >= startHour && hour < endHour
    }

    /// `date` when the window is open then, else the next moment it opens.
    public func nextOpening(atOrAfter date: Date) -> Date {
        guard case .businessHours(let zone, let startHour, _) = self, !isOpen(at: date) else { return date }
        let calendar = Self.calendar(zone)
        let todaysOpening = Self.time(hour: startHour, onDayOf: date, calendar)
        if todaysOpening > date { return todaysOpening }
        let tomorrow = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: date)) ?? date.addingTimeInterval(86_400)
        return Self.time(hour: startHour, onDayOf: tomorrow, calendar)
    }

    /// The moment `minutes` of open support time have passed after `date`, skipping the hours
    /// the window is closed. A 24x7 window is the wall clock.
    public func addingSupportTime(minutes: Int, to date: Date) -> Date {
        guard case .businessHours(let zone, _, let endHour) = self else {
            return date.addingTimeInterval(Double(minutes) * 60)
        }
        let calendar = Self.calendar(zone)
        var remaining = Double(minutes) * 60
        var cursor = nextOpening(atOrAfter: date)
        // Each pass uses up one day's open hours at most; a week's escalation needs 8 passes.
        for _ in 0..<400 {
            let closing = Self.time(hour: endHour, onDayOf: cursor, calendar)
            let open = closing.timeIntervalSince(cursor)
            if remaining <= open { return cursor.addingTimeInterval(remaining) }
            remaining -= open
            cursor = nextOpening(atOrAfter: closing)
        }
        return cursor.addingTimeInterval(remaining)
    }

    private static func calendar(_ zone: String) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        // SupportWindow.problems refused unknown zones when the terms were saved.
        calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!
        return calendar
    }

    /// `hour`:00 local time on the day of `date`; 24 is the next day's midnight.
    private static func time(hour: Int, onDayOf date: Date, _ calendar: Calendar) -> Date {
        let midnight = calendar.startOfDay(for: date)
        if hour == 24 {
            return calendar.date(byAdding: .day, value: 1, to: midnight) ?? midnight.addingTimeInterval(86_400)
        }
        return calendar.date(bySettingHour: hour, minute: 0, second: 0, of: midnight) ?? midnight.addingTimeInterval(Double(hour) * 3600)
    }
}
