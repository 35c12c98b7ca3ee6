public import Foundation

extension CronExpression {
    /// The first instant after `date` at which the expression fires in `timeZone`.
    ///
    /// Daylight-saving changes follow cron(8) ("Daylight Saving Time and other time changes"):
    /// - a job at a fixed time (no `*` in its minute or hour field) whose local time is skipped
    ///   when clocks go forward runs at the moment of the jump (02:30 on the spring day in
    ///   Europe/Amsterdam runs at 03:00 CEST); when clocks go back, it runs at the first of the
    ///   two instants that share its local time, not again at the second;
    /// - a job with `*` in its minute or hour field runs on real time: skipped local times do not
    ///   happen, and repeated ones happen twice (every 30 minutes stays every 30 minutes).
    /// Returns nil only when no day matches within eight years (e.g. `0 0 30 2 *`).
    public func nextFire(after date: Date, in timeZone: TimeZone) -> Date? {
        let wallClock = !minutes.isWildcard && !hours.isWildcard
        let after = date.timeIntervalSince1970.rounded(.down)
        // Local wall time written as if it were UTC ("naive" seconds), so calendar days are whole
        // multiples of 86,400 and a day's times are simple sums.
        let startNaive = after + Double(timeZone.secondsFromGMT(for: date))
        var day = (startNaive / 86_400).rounded(.down) * 86_400 - 86_400
        let hourValues = hours.values, minuteValues = minutes.values
        var best: Double?, bestNaive = Double.infinity
        for _ in 0..<(366 * 8 + 2) {
            defer { day += 86_400 }
            // A later day can only win through a skipped time shifted past midnight: one more day.
            if day > bestNaive + 86_400 { break }
            let parts = Self.utcCalendar.dateComponents([.month, .day, .weekday], from: Date(timeIntervalSince1970: day))
            guard matchesDay(month: parts.month!, day: parts.day!, weekday: parts.weekday! - 1) else { continue }
            for hour in hourValues {
                for minute in minuteValues {
                    let naive = day + Double(hour * 3600 + minute * 60)
                    // No instant of this local time can be after `date` if it is 3 h before it
                    // (no zone shifts by more); none can beat `best` if 3 h after it.
                    if naive < startNaive - 3 * 3600 { continue }
                    if naive > bestNaive + 3 * 3600 { break }
                    for instant in Self.instants(ofNaive: naive, in: timeZone, wallClock: wallClock) where instant > after {
                        if best == nil || instant < best! {
                            best = instant
                            bestNaive = naive
                        }
                        break
                    }
                }
            }
        }
        return best.map { Date(timeIntervalSince1970: $0) }
    }

    /// The instants at which local wall time `naive` happens in `timeZone`, ascending: one
    /// normally, two when clocks went back (the first only for wall-clock jobs), none when
    /// clocks went forward over it (the moment of the jump for wall-clock jobs).
    static func instants(ofNaive naive: Double, in timeZone: TimeZone, wallClock: Bool) -> [Double] {
        // The offsets in force a day either side; no zone changes twice within two days.
        let before = Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: naive - 86_400)))
        let later = Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: naive + 86_400)))
        let offset: (Double) -> Double = { Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: $0))) }
        var found = Set([before, later]).map { naive - $0 }.filter { offset($0) == naive - $0 }.sorted()
        if found.count > 1, wallClock { found = [found[0]] }
        if found.isEmpty, wallClock {
            // Skipped: the jump happens between naive - later (still on the old offset) and
            // naive - before (already on the new one); find its second by bisection.
            var low = naive - later, high = naive - before
            while high - low > 1 {
                let middle = ((low + high) / 2).rounded(.down)
                if offset(middle) == later { high = middle } else { low = middle }
            }
            found = [high]
        }
        return found
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
