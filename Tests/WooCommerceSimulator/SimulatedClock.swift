public import Foundation
import Synchronization

/// The simulated store's clock, in whole seconds (WooCommerce dates have one second's
/// resolution). Tests move it on explicitly, so "two saves in the same second" or "a save
/// three seconds later" are facts of the test, not of the machine's speed.
public final class SimulatedClock: Sendable {
    /// Seconds since the epoch; for a clock that follows the wall clock, seconds ahead of it.
    private let seconds: Mutex<Int64>
    private let followsWallClock: Bool

    /// A clock standing at `start`.
    public init(start: Date = Date(timeIntervalSince1970: 1_795_000_000)) {
        seconds = Mutex(Int64(start.timeIntervalSince1970))
        followsWallClock = false
    }

    private init(followingWallClock: ()) {
        seconds = Mutex(0)
        followsWallClock = true
    }

    /// A clock that runs with the machine's, for runs longer than OAuth's ±15 minutes
    /// (spec §3) — a worker process or a benchmark signing with the real time throughout.
    public static func wall() -> SimulatedClock { SimulatedClock(followingWallClock: ()) }

    /// Now, as the store sees it.
    public var now: Date { Date(timeIntervalSince1970: TimeInterval(epochSeconds)) }

    /// Now in seconds since the epoch.
    public var epochSeconds: Int64 {
        seconds.withLock { followsWallClock ? Int64(Date().timeIntervalSince1970) + $0 : $0 }
    }

    /// Moves the clock on by `count` seconds.
    public func advance(seconds count: Int64) { seconds.withLock { $0 += count } }

    /// `YYYY-MM-DDTHH:MM:SS` for `epochSeconds` (the site's timezone is UTC, so the local and
    /// `_gmt` dates are equal, as in the captures).
    public static func text(_ epochSeconds: Int64) -> String {
        // Civil date from days since 1970 (H. Hinnant's civil_from_days), without a formatter:
        // every record of every page carries several dates.
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let second = epochSeconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(year)-\(two(month))-\(two(day))T\(two(second / 3_600)):\(two(second % 3_600 / 60)):\(two(second % 60))"
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
