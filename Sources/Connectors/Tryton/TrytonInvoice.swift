public import Commerce
import Foundation

/// A customer invoice in Tryton (`account.invoice`, type `out`), read for reconciliation:
/// Commerce has no invoice of its own, since only the ERP issues them.
public struct TrytonInvoice: Sendable, Hashable {
    /// The invoice's id in the ERP.
    public var externalID: ExternalID
    /// Its number, given when it is posted (`INV/2026/1`); nil while draft.
    public var number: String?
    /// `draft`, `validated`, `posted`, `paid` or `cancelled`.
    public var state: String
    /// The invoice date, set when posted.
    public var date: TrytonDate?
    /// Before tax.
    public var untaxed: Money
    /// The tax.
    public var tax: Money
    /// The total.
    public var total: Money
    /// What the customer still owes (`amount_to_pay`).
    public var amountToPay: Money

    static let fields = ["number", "state", "invoice_date", "currency.code", "untaxed_amount", "tax_amount", "total_amount", "amount_to_pay"]

    /// The invoices with these ids, in order.
    static func read(_ ids: [Int], client: TrytonClient) throws(ConnectorError) -> [TrytonInvoice] {
        try client.read("account.invoice", ids, fields: fields).map { record throws(ConnectorError) -> TrytonInvoice in
            let code = record[related: "currency", "code"]?.stringValue ?? ""
            guard let currency = CurrencyCode(code) else {
                throw ConnectorError.business("Tryton invoice \(record.id) is in \(code), which Counterpart does not know.")
            }
            let money = { (field: String) in Money(record[field]?.decimalValue ?? 0, currency) }
            return TrytonInvoice(externalID: ExternalID(.trytonERP, String(record.id)), number: record.text("number"),
                                 state: record.text("state") ?? "", date: record["invoice_date"]?.dateValue,
                                 untaxed: money("untaxed_amount"), tax: money("tax_amount"), total: money("total_amount"),
                                 amountToPay: money("amount_to_pay"))
        }
    }
}
