public import Foundation

/// The sizes of rollup buckets (Migrations/0016), all in UTC.
public enum RollupGrain: String, Sendable, CaseIterable, Comparable {
    case minute, hour, day

    /// The bucket's length in seconds.
    public var seconds: TimeInterval {
        switch self {
        case .minute: 60
        case .hour: 3600
        case .day: 86_400
        }
    }

    /// The next finer grain, nil for minutes.
    var finer: RollupGrain? {
        switch self {
        case .minute: nil
        case .hour: .minute
        case .day: .hour
        }
    }

    /// The start of the bucket holding `date`.
    public func floor(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / seconds).rounded(.down) * seconds)
    }

    /// The start of the first bucket at or after `date`.
    public func ceiling(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / seconds).rounded(.up) * seconds)
    }

    public static func < (lhs: RollupGrain, rhs: RollupGrain) -> Bool {
        lhs.seconds < rhs.seconds
    }
}

/// One run of whole buckets of one grain: a piece of a window.
struct RollupSpan: Sendable, Hashable {
    let grain: RollupGrain
    let start: Date
    let end: Date

    /// The fewest rollup rows that cover `[start, end)` exactly: whole days in the middle, whole
    /// hours at the edges of the days, minutes at the edges of the hours. A month is about 31
    /// day rows per flow, whatever the number of messages; `[start, end)` must be on minutes.
    static func cover(from start: Date, to end: Date, coarsest: RollupGrain = .day) -> [RollupSpan] {
        guard start < end else { return [] }
        guard let finer = coarsest.finer else { return [RollupSpan(grain: .minute, start: start, end: end)] }
        let first = coarsest.ceiling(start)
        let last = coarsest.floor(end)
        guard first < last else { return cover(from: start, to: end, coarsest: finer) }
        return cover(from: start, to: first, coarsest: finer) + [RollupSpan(grain: coarsest, start: first, end: last)]
            + cover(from: last, to: end, coarsest: finer)
    }
}
