public import Commerce
public import Foundation

/// An order target whose orders under our references can be read back a day at a time: what
/// the daily reconciliation compares a shop's day with (issue 6 §5). One search answers for a
/// whole day — a peak day's thousands of orders are not thousands of calls.
public protocol OrderLedger: OrderTarget {
    /// The orders written under any of `references`, and those whose reference starts with
    /// `prefix` and whose order date falls in `window` (the system's own order date, a
    /// calendar day in its time zone: a window is widened to the whole days it touches), keyed
    /// by reference.
    func orders(references: [String], orPrefix prefix: String, datedIn window: Range<Date>) throws(ConnectorError) -> [String: Order]
}
