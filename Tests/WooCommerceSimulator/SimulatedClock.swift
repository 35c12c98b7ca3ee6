public import Foundation
import Synchronization

/// The simulated store's clock, in whole seconds (WooCommerce dates have one second's
/// resolution). Tests move it on explicitly, so "two saves in the same second" or "a save
/// three seconds later" are facts of the test, not of the machine's speed.
public final class SimulatedClock: Sendable {
    private let seconds: Mutex<Int64>

    /// A clock standing at `start`.
    public init(start: Date = Date(timeIntervalSince1970: 1_795_000_000)) {
        seconds = Mutex(Int64(start.timeIntervalSince1970))
    }

    /// Now, as the store sees it.
    public var now: Date { Date(timeIntervalSince1970: TimeInterval(seconds.withLock { $0 })) }

    /// Now in seconds since the epoch.
    public var epochSeconds: Int64 { seconds.withLock { $0 } }

    /// Moves the clock on by `count` seconds.
    public func advance(seconds count: Int64) { seconds.withLock { $0 += count } }

    /// `YYYY-MM-DDTHH:MM:SS` for `epochSeconds` (the site's timezone is UTC, so the local and
    /// `_gmt` dates are equal, as in the captures).
    public static func text(_ epochSeconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(epochSeconds)))
    }

    /// The seconds of a `YYYY-MM-DDTHH:MM:SS` value (a trailing `Z` or offset is honoured, as
    /// WordPress converts full ISO values), nil when it is not a date-time.
    public static func seconds(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) ?? formatter.date(from: text + "Z") {
            return Int64(date.timeIntervalSince1970)
        }
        return nil
    }
}
