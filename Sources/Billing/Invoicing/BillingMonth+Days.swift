public import Foundation

extension BillingMonth {
    /// How many days the month has (28–31), in the Gregorian calendar.
    public var dayCount: Int {
        Self.calendar.range(of: .day, in: .month, for: firstDay)!.count
    }

    /// The month before this one.
    public var previous: BillingMonth {
        month == 1 ? BillingMonth(year: year - 1, month: 12)! : BillingMonth(year: year, month: month - 1)!
    }

    /// Whether `date` falls in the month (UTC).
    public func contains(_ date: Date) -> Bool {
        firstDay <= date && date < next.firstDay
    }

    /// The day of the month (1–31) `date` falls on in UTC.
    static func dayOfMonth(_ date: Date) -> Int {
        calendar.component(.day, from: date)
    }

    /// `YYYY-MM` as the API and the portal write a month; nil for anything else.
    public init?(text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let isDigits = { (part: Substring) in part.utf8.allSatisfy { (48...57).contains($0) } }
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, parts.allSatisfy(isDigits),
              let year = Int(parts[0]), let month = Int(parts[1]) else { return nil }
        self.init(year: year, month: month)
    }
}
