public import Foundation
public import Postgres

/// Month end (issue 7 §5): stores each closed month's invoices and the partner's bill.
///
/// **Rules:** a month is closed once it is over (in UTC); every past month not yet closed is
/// closed, from the month of the partner's first customer on. Closing is idempotent — one invoice
/// per customer per month and one bill per partner per month, by their keys — so running it
/// twice, or twice at once, writes nothing new. The caller folds the message events into the
/// rollups first (the usage is read from them) and runs this in the platform scope.
public enum MonthClosing {
    static let firstMonthsSQL = """
        SELECT partner_id, min(changed_at) FROM customer_tier_changes GROUP BY partner_id ORDER BY partner_id
        """
    static let closedSQL = "SELECT month FROM partner_bills WHERE partner_id = $1"

    /// A partner's month that is over and has no bill yet.
    public struct OpenMonth: Sendable, Hashable {
        /// The partner.
        public var partnerID: UUID
        /// The month.
        public var month: BillingMonth
    }

    /// What closing one month stored.
    public struct Closed: Sendable, Hashable {
        /// Invoices written (0 when another closing got there first).
        public var invoices: Int
        /// Whether the partner's bill was written by this closing.
        public var billed: Bool
    }

    /// Every partner's months before `now`'s month that have no bill yet, oldest first.
    public static func openMonths(before now: Date, on connection: PostgresConnection) throws -> [OpenMonth] {
        let current = BillingMonth(containing: now)
        var open: [OpenMonth] = []
        for (partnerID, firstChange) in try connection.query(PostgresQuery(unsafeSQL: firstMonthsSQL)).decode((UUID, Date).self) {
            let closed = Set(try connection.query(PostgresQuery(unsafeSQL: closedSQL, binds: [partnerID])).decode(Date.self, column: "month")
                .map(BillingMonth.init(containing:)))
            var month = BillingMonth(containing: firstChange)
            while month < current {
                if !closed.contains(month) { open.append(OpenMonth(partnerID: partnerID, month: month)) }
                month = month.next
            }
        }
        return open
    }

    /// Stores `open`'s invoices and bill (whatever is not stored yet), in the caller's
    /// transaction. The bill's price is the wholesale price in force for the month.
    @discardableResult
    public static func close(_ open: OpenMonth, on connection: PostgresConnection) throws -> Closed {
        let invoices = try Invoices.compute(partner: open.partnerID, month: open.month, on: connection)
        var written = 0
        for invoice in invoices where try Invoices.insert(invoice, partner: open.partnerID, on: connection) {
            written += 1
        }
        // The bill is made from the stored invoices, so it agrees with them even when another
        // closing stored some of them first.
        let stored = try Invoices.stored(partner: open.partnerID, month: open.month, on: connection)
        let price = try WholesalePrices.current(open.partnerID, at: open.month.firstDay, on: connection)?.price
        let bill = PartnerBill.compute(partner: open.partnerID, month: open.month, invoices: stored, price: price)
        return Closed(invoices: written, billed: try PartnerBills.insert(bill, on: connection))
    }
}
