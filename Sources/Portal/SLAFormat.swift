import Billing
import Foundation
import Monitoring

/// How the SLA pages and their CSV write figures: percentages as measured (Monitoring truncates
/// them to three places, so a page never shows more than was delivered), latencies in whole
/// milliseconds, counts with thousands separators, months by name. A quiet window has no rate:
/// it reads "—", never "100%".
enum SLAFormat {
    /// What a figure with nothing measured reads as.
    static let nothingMeasured = "—"

    /// `97.619%`; nil reads "—".
    static func percent(_ value: Decimal?) -> String {
        value.map { "\($0)%" } ?? nothingMeasured
    }

    /// `1,123 ms`; nil reads "—". The histogram's overflow bucket (10^8 ms) reads "over 27 hours".
    static func milliseconds(_ value: Int?) -> String {
        guard let value else { return nothingMeasured }
        if value >= LatencyHistogram.upperBoundMilliseconds(ofBucket: LatencyHistogram.overflowBucket) { return "over 27 hours" }
        return count(value) + " ms"
    }

    /// `12,345`: digits grouped by three, the same in every locale.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// `March 2026`.
    static func monthTitle(_ month: BillingMonth) -> String {
        "\(monthNames[month.month - 1]) \(month.year)"
    }

    /// `Mar 26`, for chart axes.
    static func shortMonth(_ month: BillingMonth) -> String {
        "\(monthNames[month.month - 1].prefix(3)) \(String(month.year).suffix(2))"
    }

    /// `2026-03-10T10:00:00Z`: the CSV's times (RFC 3339 §5.6, UTC).
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// A month as the address writes it, `YYYY-MM` exactly (nothing else is read as one: the
    /// value ends up in links and file names); nil for anything else.
    static func month(parsing text: String) -> BillingMonth? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]) else { return nil }
        return BillingMonth(year: year, month: month)
    }

    /// The month before `month`.
    static func previous(_ month: BillingMonth) -> BillingMonth {
        month.month == 1 ? BillingMonth(year: month.year - 1, month: 12)! : BillingMonth(year: month.year, month: month.month - 1)!
    }

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                                     "October", "November", "December"]
}
