public import Foundation
public import Postgres
public import Tenancy

/// The platform's stored bills to partners (Migrations/0017, `partner_bills`): written once per
/// partner and month by `MonthClosing`, never changed. A bill's row is also the mark that the
/// month is closed for the partner.
public enum PartnerBills {
    static let columns = """
        partner_id, month, customers, transactions, currency::text, per_customer_month, per_thousand_transactions,
        customer_charge, usage_charge, total
        """
    static let insertSQL = """
        INSERT INTO partner_bills (partner_id, month, customers, transactions, currency, per_customer_month,
                                   per_thousand_transactions, customer_charge, usage_charge, total)
        VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8, $9, $10)
        ON CONFLICT (partner_id, month) DO NOTHING
        """
    static let getSQL = "SELECT \(columns) FROM partner_bills WHERE partner_id = $1 AND month = $2::date"

    /// A partner's bill for `month`, nil while the month is not closed. A platform admin reads
    /// any partner's (`partners:read`, in the platform scope); a partner admin its own
    /// (`pricing:read`).
    public static func get(_ partnerID: UUID, month: BillingMonth, for principal: Principal,
                           on connection: PostgresConnection) throws -> PartnerBill? {
        if principal.partnerID != partnerID { try principal.require(.partnersRead) } else { try principal.require(.pricingRead) }
        return try stored(partnerID, month: month, on: connection)
    }

    static func stored(_ partnerID: UUID, month: BillingMonth, on connection: PostgresConnection) throws -> PartnerBill? {
        try connection.query(PostgresQuery(unsafeSQL: getSQL, binds: [partnerID, month.firstDayText])).first.map(decode)
    }

    /// Stores `bill` unless the month already has one; returns whether it did.
    static func insert(_ bill: PartnerBill, on connection: PostgresConnection) throws -> Bool {
        let charges = bill.charges
        return try connection.execute(PostgresQuery(unsafeSQL: insertSQL, binds: [
            bill.partnerID, bill.month.firstDayText, bill.customers, bill.transactions,
            charges?.price.perCustomerMonth.currency.code, charges?.price.perCustomerMonth.amount,
            charges?.price.perThousandTransactions, charges?.customerCharge.amount, charges?.usageCharge.amount,
            charges?.total.amount,
        ])) == 1
    }

    static func decode(_ row: PostgresRow) throws -> PartnerBill {
        let (partnerID, month, customers, transactions, currencyText, perCustomer, perThousand, customerCharge, usageCharge,
             total) = try row.decode((UUID, Date, Int, Int, String?, Decimal?, Decimal?, Decimal?, Decimal?, Decimal?).self)
        var charges: PartnerBill.Charges?
        if let currencyText, let perCustomer, let perThousand, let customerCharge, let usageCharge, let total {
            guard let currency = CurrencyCode(currencyText) else { throw BillingError.unsupportedCurrency(currencyText) }
            charges = PartnerBill.Charges(
                price: WholesalePrice(perCustomerMonth: Money(perCustomer, currency), perThousandTransactions: perThousand),
                customerCharge: Money(customerCharge, currency), usageCharge: Money(usageCharge, currency),
                total: Money(total, currency))
        }
        return PartnerBill(partnerID: partnerID, month: BillingMonth(containing: month), customers: customers,
                           transactions: transactions, charges: charges)
    }
}
