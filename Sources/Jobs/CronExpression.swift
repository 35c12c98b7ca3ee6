import Foundation

/// A five-field cron expression — minute, hour, day of month, month, day of week — as crontab(5)
/// defines it, with `@yearly`, `@monthly`, `@weekly`, `@daily` and `@hourly`.
///
/// When both day of month and day of week are restricted, a day matches if either does
/// (crontab(5): "the command will be run when either field matches the current time").
public struct CronExpression: Sendable, Equatable, CustomStringConvertible {
    let minutes: CronField
    let hours: CronField
    let daysOfMonth: CronField
    let months: CronField
    let daysOfWeek: CronField
    /// The text it was parsed from.
    public let description: String

    private static let macros = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    /// Parses `text`, throwing `JobsError.invalidCron` naming the field and the reason.
    public init(_ text: String) throws(JobsError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let expanded = Self.macros[trimmed.lowercased()] ?? trimmed
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count == 5 else {
            throw .invalidCron("\"\(text)\" has \(fields.count) fields; expected 5 (minute hour day-of-month month day-of-week)")
        }
        minutes = try CronField(parsing: fields[0], as: .minute)
        hours = try CronField(parsing: fields[1], as: .hour)
        daysOfMonth = try CronField(parsing: fields[2], as: .dayOfMonth)
        months = try CronField(parsing: fields[3], as: .month)
        daysOfWeek = try CronField(parsing: fields[4], as: .dayOfWeek)
        description = trimmed
    }

    /// Whether the expression fires on a calendar day (weekday 0 = Sunday).
    func matchesDay(month: Int, day: Int, weekday: Int) -> Bool {
        guard months.contains(month) else { return false }
        switch (daysOfMonth.isWildcard, daysOfWeek.isWildcard) {
        case (true, true): return true
        case (false, true): return daysOfMonth.contains(day)
        case (true, false): return daysOfWeek.contains(weekday)
        case (false, false): return daysOfMonth.contains(day) || daysOfWeek.contains(weekday)
        }
    }
}
