/// The columns of the billing exports, defined once for the API and the portal (each writes
/// them as RFC 4180 CSV). Amounts are exact decimals with at least the currency's minor units
/// (`Money.exactText`): invoice lines are already rounded, margins are not.
public enum BillingCSV {
    /// One line per invoice.
    public static let invoiceHeader = ["month", "customer_id", "customer", "tier", "days_billed", "days_in_month", "base",
                                       "usage", "included", "overage", "total", "currency"]

    /// The invoices' lines: customer, tier, base, usage, included, overage, total, currency.
    public static func invoiceRows(_ invoices: [Invoice]) -> [[String?]] {
        invoices.map { invoice in
            [invoice.month.description, invoice.customerID.uuidString.lowercased(), invoice.customerName, invoice.tierCode,
             String(invoice.daysBilled), String(invoice.daysInMonth), invoice.base.exactText, String(invoice.usage),
             String(invoice.included), invoice.overage.exactText, invoice.total.exactText, invoice.currency.code]
        }
    }

    /// The margin view's lines: per customer, then per tier, then the total.
    public static let marginHeader = ["month", "level", "customer_id", "customer", "tier", "usage", "revenue", "cost",
                                      "margin", "currency"]

    /// `margins` as lines; cost and margin are empty without a wholesale price for the month.
    public static func marginRows(_ margins: MonthMargins) -> [[String?]] {
        let month = margins.month.description
        func figures(_ margin: Margin?, revenue: Money?) -> [String?] {
            [(margin?.revenue ?? revenue)?.exactText, margin?.cost.exactText, margin?.margin.exactText,
             (margin?.revenue ?? revenue)?.currency.code]
        }
        var rows: [[String?]] = zip(margins.invoices, margins.customers).map { invoice, line in
            [month, "customer", line.customerID.uuidString.lowercased(), line.customerName, line.tierCode,
             String(invoice.usage)] + figures(line.margin, revenue: invoice.total)
        }
        for line in margins.tiers {
            let usage = margins.invoices.filter { $0.tierCode == line.code }.reduce(0) { $0 + $1.usage }
            rows.append([month, "tier", nil, nil, line.code, String(usage)] + figures(line.margin, revenue: margins.revenue(tier: line.code)))
        }
        let usage = margins.invoices.reduce(0) { $0 + $1.usage }
        rows.append([month, "total", nil, nil, nil, String(usage)] + figures(margins.total, revenue: margins.revenue()))
        return rows
    }
}
