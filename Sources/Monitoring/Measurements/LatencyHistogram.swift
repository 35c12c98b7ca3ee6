import Foundation

/// Delivered messages counted by how long they took from receipt to delivery, in the log-linear
/// buckets of Migrations/0016 (`latency_bucket`): 20 buckets per decade from 1 ms, so a
/// percentile read from it is at most 12.2% above the true value and never below it.
///
/// The buckets are sparse: a customer's hour touches a handful of them, so a rollup row stores
/// only those (`{"61": 12, "64": 3}`), and adding histograms adds counts bucket by bucket.
public struct LatencyHistogram: Sendable, Hashable {
    /// Buckets per factor of ten.
    public static let bucketsPerDecade = 20
    /// Latencies under 1 ms.
    public static let underflowBucket = 0
    /// Latencies of 10^8 ms (about 28 hours) and more.
    public static let overflowBucket = 161

    /// Delivered messages per bucket; buckets with none are absent.
    public private(set) var counts: [Int: Int]

    /// An empty histogram, or one with these counts (zero counts are dropped).
    public init(counts: [Int: Int] = [:]) {
        self.counts = counts.filter { $0.value > 0 }
    }

    /// How many latencies it holds.
    public var total: Int { counts.values.reduce(0, +) }

    /// Adds another histogram's counts to this one.
    public mutating func add(_ other: LatencyHistogram) {
        counts.merge(other.counts, uniquingKeysWith: +)
    }

    /// Counts one latency, bucketed as `latency_bucket` does in SQL. For building expected
    /// values in tests and synthetic data; the product buckets in PostgreSQL only.
    public mutating func record(milliseconds: Int) {
        counts[Self.bucket(ofMilliseconds: milliseconds), default: 0] += 1
    }

    /// The bucket a latency falls in (the same rule as `latency_bucket`).
    public static func bucket(ofMilliseconds milliseconds: Int) -> Int {
        if milliseconds < 1 { return underflowBucket }
        if milliseconds >= 100_000_000 { return overflowBucket }
        // Exact at powers of ten (log10(1000) must give bucket 61, not 60): count the decades
        // in integers first, then place the value within its decade.
        var decade = 0
        var power = 1
        while power * 10 <= milliseconds { power *= 10; decade += 1 }
        let withinDecade = Int((Double(bucketsPerDecade) * log10(Double(milliseconds) / Double(power))).rounded(.down))
        return 1 + decade * bucketsPerDecade + min(withinDecade, bucketsPerDecade - 1)
    }

    /// The largest latency a bucket holds, in whole milliseconds (rounded up): what a percentile
    /// falling in the bucket is reported as. The overflow bucket reports its lower bound,
    /// 10^8 ms, which pages show as "over 27 hours".
    public static func upperBoundMilliseconds(ofBucket bucket: Int) -> Int {
        switch bucket {
        case ...underflowBucket: 1
        case overflowBucket...: 100_000_000
        default: Int(pow(10, Double(bucket) / Double(bucketsPerDecade)).rounded(.up))
        }
    }

    /// The `percent`th percentile (0 < percent ≤ 100) by the nearest-rank method: the bucket of
    /// the ⌈percent/100 × n⌉-th smallest latency, reported as that bucket's upper bound. Nil
    /// when empty.
    public func percentile(_ percent: Double) -> Int? {
        let total = total
        guard total > 0 else { return nil }
        let rank = max(1, Int((percent / 100 * Double(total)).rounded(.up)))
        var seen = 0
        for bucket in counts.keys.sorted() {
            seen += counts[bucket]!
            if seen >= rank { return Self.upperBoundMilliseconds(ofBucket: bucket) }
        }
        return Self.upperBoundMilliseconds(ofBucket: counts.keys.max()!)
    }
}

extension LatencyHistogram {
    /// Reads a rollup row's `latency` column (jsonb as text).
    public init(rollupJSON: String) throws {
        let object = try JSONSerialization.jsonObject(with: Data(rollupJSON.utf8))
        guard let dictionary = object as? [String: Any] else { throw MeasurementError.malformedHistogram(rollupJSON) }
        var counts: [Int: Int] = [:]
        for (key, value) in dictionary {
            guard let bucket = Int(key), let count = (value as? NSNumber)?.intValue else {
                throw MeasurementError.malformedHistogram(rollupJSON)
            }
            counts[bucket] = count
        }
        self.init(counts: counts)
    }

    /// The rollup column's form, keys in bucket order.
    public var rollupJSON: String {
        "{" + counts.keys.sorted().map { "\"\($0)\": \(counts[$0]!)" }.joined(separator: ", ") + "}"
    }
}
