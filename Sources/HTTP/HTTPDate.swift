import Glibc

/// IMF-fixdate (RFC 9110 §5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`, for the Date header.
/// Each event loop formats it once per tick rather than once per response.
enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The complete `Date: …\r\n` line for `epochSeconds`.
    static func headerLine(epochSeconds: Int) -> [UInt8] {
        Array("Date: \(format(epochSeconds: epochSeconds))\r\n".utf8)
    }

    /// The IMF-fixdate text for `epochSeconds`.
    static func format(epochSeconds: Int) -> String {
        var seconds = time_t(epochSeconds)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    /// The current wall-clock second.
    static func nowEpochSeconds() -> Int { Int(time(nil)) }
}
