import Foundation

/// Writes a `Date` as an RFC 3339 `date-time` (§5.6) in UTC: `2026-01-31T09:30:00Z`, or
/// `2026-01-31T09:30:00.250Z` when the date has a fraction of a second — the API's spelling
/// (see `APIJSON.formatTimestamp`), computed with integer arithmetic instead of a `Calendar`
/// and a format style, which cost microseconds per date on every list response.
///
/// It reproduces what `Date.ISO8601FormatStyle` wrote before, digit for digit, for the years
/// RFC 3339 can spell (0001–9999, §5.6 `date-fullyear = 4DIGIT`) with one deliberate
/// difference: dates are counted in the proleptic Gregorian calendar (ISO 8601 §4.3.2.1, and
/// what PostgreSQL stores), whereas Foundation switches to the Julian calendar before
/// 1582-10-15. Years outside 1…9999 have no RFC 3339 form; they are left to Foundation so
/// that they come out as they always did.
enum RFC3339Timestamp {
    /// Seconds from 1970-01-01 to 2001-01-01, Foundation's reference date.
    private static let referenceDateOffset: Int64 = 978_307_200
    /// 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z in seconds since the reference date.
    private static let supportedSeconds: Range<Double> = -63_113_904_000 ..< 252_423_993_600

    /// The timestamp as text.
    static func string(for date: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        write(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the timestamp's characters (without quotes) to `bytes`.
    static func write(_ date: Date, to bytes: inout [UInt8]) {
        let sinceReference = date.timeIntervalSinceReferenceDate
        guard supportedSeconds.contains(sinceReference) else {
            bytes.append(contentsOf: foundationFormat(date).utf8)
            return
        }
        // The same whole-second test as before, on the 1970-based interval; the milliseconds
        // are then truncated on the 2001-based interval, as Foundation's calendar does, so that
        // every Double rounds to the same digits it always did.
        let sinceEpoch = date.timeIntervalSince1970
        let hasFraction = sinceEpoch.rounded(.down) != sinceEpoch
        let wholeSeconds = sinceReference.rounded(.down)
        let milliseconds = Int64((sinceReference - wholeSeconds) * 1000)
        let seconds = Int64(wholeSeconds) + referenceDateOffset
        let (days, secondOfDay) = floorDivision(seconds, 86_400)
        let (year, month, day) = civilFromDays(days)

        writeDigits(year, count: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        writeDigits(month, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        writeDigits(day, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        writeDigits(secondOfDay / 3600, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        writeDigits(secondOfDay / 60 % 60, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        writeDigits(secondOfDay % 60, count: 2, to: &bytes)
        if hasFraction {
            bytes.append(UInt8(ascii: "."))
            writeDigits(milliseconds, count: 3, to: &bytes)
        }
        bytes.append(UInt8(ascii: "Z"))
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant,
    /// "chrono-Compatible Low-Level Date Algorithms", `civil_from_days`): eras of 400 years
    /// (146,097 days) starting on 1 March, so the leap day is the last day of a year.
    static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468  // days from 0000-03-01 to 1970-01-01
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    /// `value` (0 ≤ value < 10^count) as exactly `count` decimal digits.
    private static func writeDigits(_ value: Int64, count: Int, to bytes: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<count { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    private static func foundationFormat(_ date: Date) -> String {
        let whole = date.timeIntervalSince1970.rounded(.down) == date.timeIntervalSince1970
        return Date.ISO8601FormatStyle(includingFractionalSeconds: !whole).format(date)
    }
}
