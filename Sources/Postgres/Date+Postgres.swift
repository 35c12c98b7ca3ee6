public import Foundation

/// `Date` ↔ `timestamptz`, exact to the microsecond (PostgreSQL's resolution).
///
/// A `Date` is a `Double` of seconds since 2001-01-01, so whole microseconds are exact only
/// within about ±71 years of 2001 (2^51 µs); further out the nearest representable `Date` is
/// used. Values are converted through integer microseconds in both directions, never through a
/// `DateFormatter`, so nothing depends on the process's time zone or locale.
extension Date: PostgresEncodable {
    /// `timestamptz`
    public static var postgresDataType: PostgresDataType { .timestamptz }

    /// ISO text in UTC with microseconds, e.g. `1969-07-20 20:17:40.123456+00`.
    public func postgresText() throws -> String? {
        let seconds = timeIntervalSinceReferenceDate
        // PostgreSQL's range ends in 294276 AD; ±9e12 s keeps the microsecond count in Int64.
        guard seconds.isFinite, abs(seconds) < 9e12 else {
            throw PostgresError(.encoding, "date \(seconds) s from 2001 is outside PostgreSQL's timestamp range")
        }
        return PostgresTimestamp.format(microseconds: Int64((seconds * 1_000_000).rounded()))
    }
}

extension Date: PostgresDecodable {
    /// From timestamptz, timestamp (read as UTC) or date (midnight UTC).
    /// `infinity` has no `Date` and is refused rather than replaced by a sentinel.
    public init(postgresCell cell: PostgresCell) throws {
        try cell.requireType([.timestamptz, .timestamp, .date], for: Date.self)
        if cell.isNull { throw cell.failure(decoding: Date.self, "the value is NULL; decode an Optional to accept NULL") }
        let microseconds: Int64?
        do {
            microseconds = try cell.withUnsafeBytes { try PostgresTimestamp.parse($0) }
        } catch let error as PostgresTimestamp.ParseError {
            throw cell.failure(decoding: Date.self, "unreadable timestamp: \(error.reason)")
        }
        guard let microseconds else {
            throw cell.failure(decoding: Date.self, "\(cell.text ?? "") has no Date representation")
        }
        // Integer microseconds divided once: the closest Double to the exact instant.
        self.init(timeIntervalSinceReferenceDate: Double(microseconds) / 1_000_000)
    }
}
