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

    /// One bucket that holds latencies.
    public struct Bucket: Sendable, Hashable {
        /// Its number (`latency_bucket`).
        public var index: Int
        /// Delivered messages in it, more than zero.
        public var count: Int
    }

    /// The buckets that hold latencies, in ascending order — an array rather than a
    /// dictionary: the partner's page reads a thousand histograms and walks each for three
    /// percentiles, and sorting a dictionary's keys for every walk cost more than the query.
    public private(set) var buckets: [Bucket]
    /// How many latencies it holds.
    public private(set) var total: Int

    /// An empty histogram, or one with these counts (zero counts are dropped).
    public init(counts: [Int: Int] = [:]) {
        self.init(ascending: counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { Bucket(index: $0.key, count: $0.value) })
    }

    /// Buckets already in ascending order with counts above zero.
    private init(ascending buckets: [Bucket]) {
        self.buckets = buckets
        total = buckets.reduce(0) { $0 + $1.count }
    }

    /// Adds another histogram's counts to this one (a merge of the two ascending lists).
    public mutating func add(_ other: LatencyHistogram) {
        guard !other.buckets.isEmpty else { return }
        guard !buckets.isEmpty else { self = other; return }
        var merged: [Bucket] = []
        merged.reserveCapacity(buckets.count + other.buckets.count)
        var (mine, theirs) = (buckets[...], other.buckets[...])
        while let a = mine.first, let b = theirs.first {
            if a.index == b.index {
                merged.append(Bucket(index: a.index, count: a.count + b.count))
                mine.removeFirst()
                theirs.removeFirst()
            } else if a.index < b.index {
                merged.append(a)
                mine.removeFirst()
            } else {
                merged.append(b)
                theirs.removeFirst()
            }
        }
        merged += mine
        merged += theirs
        self = LatencyHistogram(ascending: merged)
    }

    /// Counts one latency, bucketed as `latency_bucket` does in SQL. For building expected
    /// values in tests and synthetic data; the product buckets in PostgreSQL only.
    public mutating func record(milliseconds: Int) {
        add(LatencyHistogram(ascending: [Bucket(index: Self.bucket(ofMilliseconds: milliseconds), count: 1)]))
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
        for bucket in buckets {
            seen += bucket.count
            if seen >= rank { return Self.upperBoundMilliseconds(ofBucket: bucket.index) }
        }
        return Self.upperBoundMilliseconds(ofBucket: buckets.last!.index)
    }
}

extension LatencyHistogram {
    /// Reads a rollup row's `latency` column: PostgreSQL's text of a flat jsonb object of
    /// integers (`{"61": 12, "64": 3}`). Read by hand, not with JSONSerialization: the partner's
    /// page reads one per customer, and a general parser cost more than everything else there.
    public init(rollupJSON: String) throws {
        // PostgreSQL writes a jsonb object's keys shortest first, then bytewise — for these
        // keys, ascending numbers — so the buckets usually arrive in order; others are sorted.
        var read: [Bucket] = []
        var ascending = true
        var bytes = rollupJSON.utf8.makeIterator()
        func fail() -> MeasurementError { .malformedHistogram(rollupJSON) }
        func skipSpaces(_ first: UInt8?) -> UInt8? {
            var byte = first
            while let current = byte, current == UInt8(ascii: " ") { byte = bytes.next() }
            return byte
        }
        // The next integer after optional spaces, and the byte that ended it.
        func integer(startingWith first: UInt8?) throws -> (Int, UInt8?) {
            var byte = skipSpaces(first)
            var value = 0
            var digits = 0
            while let current = byte, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(current) {
                guard digits < 18 else { throw fail() }
                value = value * 10 + Int(current - UInt8(ascii: "0"))
                digits += 1
                byte = bytes.next()
            }
            guard digits > 0 else { throw fail() }
            return (value, skipSpaces(byte))
        }
        guard skipSpaces(bytes.next()) == UInt8(ascii: "{") else { throw fail() }
        var byte = skipSpaces(bytes.next())
        if byte == UInt8(ascii: "}") {
            self.init()
            return
        }
        while true {
            guard byte == UInt8(ascii: "\"") else { throw fail() }
            let (bucket, afterKey) = try integer(startingWith: bytes.next())
            guard afterKey == UInt8(ascii: "\""), skipSpaces(bytes.next()) == UInt8(ascii: ":") else { throw fail() }
            let (count, afterValue) = try integer(startingWith: bytes.next())
            if count > 0 {
                ascending = ascending && (read.last.map { $0.index < bucket } ?? true)
                read.append(Bucket(index: bucket, count: count))
            }
            if afterValue == UInt8(ascii: "}") { break }
            guard afterValue == UInt8(ascii: ",") else { throw fail() }
            byte = skipSpaces(bytes.next())
        }
        guard skipSpaces(bytes.next()) == nil else { throw fail() }
        if ascending {
            self.init(ascending: read)
        } else {
            self.init(counts: Dictionary(read.map { ($0.index, $0.count) }, uniquingKeysWith: +))
        }
    }

    /// The rollup column's form, keys in bucket order.
    public var rollupJSON: String {
        "{" + buckets.map { "\"\($0.index)\": \($0.count)" }.joined(separator: ", ") + "}"
    }
}
