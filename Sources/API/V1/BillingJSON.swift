import Billing
import Foundation

/// The billing endpoints' bodies and their OpenAPI schemas (`BillingAPI`). Amounts are `Money`
/// objects with exact decimal strings; invoice lines are already rounded to the currency's
/// minor unit, margins are exact.
enum BillingJSON {
    struct InvoiceLine: Encodable {
        var customerID: UUID
        var customerName: String
        var month: String
        var tierCode: String
        var daysBilled: Int
        var daysInMonth: Int
        var base: MoneyJSON
        var usage: Int
        var included: Int
        var overagePerThousand: MoneyJSON
        var overage: MoneyJSON
        var total: MoneyJSON

        init(_ invoice: Invoice) {
            customerID = invoice.customerID
            customerName = invoice.customerName
            month = invoice.month.description
            tierCode = invoice.tierCode
            daysBilled = invoice.daysBilled
            daysInMonth = invoice.daysInMonth
            base = MoneyJSON(invoice.base)
            usage = invoice.usage
            included = invoice.included
            overagePerThousand = MoneyJSON(Money(invoice.overagePerThousand, invoice.currency))
            overage = MoneyJSON(invoice.overage)
            total = MoneyJSON(invoice.total)
        }
    }

    struct MonthInvoices: Encodable {
        var month: String
        var closed: Bool
        var invoices: [InvoiceLine]
    }

    struct CustomerInvoices: Encodable {
        var invoices: [InvoiceLine]
    }

    struct Figures: Encodable {
        var revenue: MoneyJSON
        var cost: MoneyJSON
        var margin: MoneyJSON

        init(_ margin: Margin) {
            revenue = MoneyJSON(margin.revenue)
            cost = MoneyJSON(margin.cost)
            self.margin = MoneyJSON(margin.margin)
        }
    }

    struct TierLine: Encodable {
        var code: String
        var name: String
        var figures: Figures?
    }

    struct CustomerLine: Encodable {
        var customerID: UUID
        var customerName: String
        var tierCode: String
        var usage: Int
        var revenue: MoneyJSON
        var figures: Figures?
    }

    struct Summary: Encodable {
        var month: String
        var closed: Bool
        var wholesalePrice: WholesaleJSON?
        var invoices: [InvoiceLine]
        var customers: [CustomerLine]
        var tiers: [TierLine]
        var total: Figures?

        init(_ margins: MonthMargins) {
            month = margins.month.description
            closed = margins.closed
            wholesalePrice = margins.wholesale.map(WholesaleJSON.init)
            invoices = margins.invoices.map(InvoiceLine.init)
            // `Margins.of` makes one customer line per invoice, in the invoices' order.
            customers = zip(margins.invoices, margins.customers).map { invoice, line in
                CustomerLine(customerID: line.customerID, customerName: line.customerName, tierCode: line.tierCode,
                             usage: invoice.usage, revenue: MoneyJSON(invoice.total), figures: line.margin.map(Figures.init))
            }
            tiers = margins.tiers.map { TierLine(code: $0.code, name: $0.name, figures: $0.margin.map(Figures.init)) }
            total = margins.total.map(Figures.init)
        }
    }

    struct WholesaleJSON: Encodable {
        var perCustomerMonth: MoneyJSON
        var perThousandTransactions: MoneyJSON

        init(_ price: WholesalePrice) {
            perCustomerMonth = MoneyJSON(price.perCustomerMonth)
            perThousandTransactions = MoneyJSON(price.perThousand)
        }
    }

    struct PartnerBillBody: Encodable {
        var partnerID: UUID
        var month: String
        var customers: Int
        var transactions: Int
        var wholesalePrice: WholesaleJSON?
        var customerCharge: MoneyJSON?
        var usageCharge: MoneyJSON?
        var total: MoneyJSON?

        init(_ bill: PartnerBill) {
            partnerID = bill.partnerID
            month = bill.month.description
            customers = bill.customers
            transactions = bill.transactions
            wholesalePrice = bill.charges.map { WholesaleJSON($0.price) }
            customerCharge = bill.charges.map { MoneyJSON($0.customerCharge) }
            usageCharge = bill.charges.map { MoneyJSON($0.usageCharge) }
            total = bill.charges.map { MoneyJSON($0.total) }
        }
    }

    static let monthText = JSONSchema.string(pattern: MarginsAPI.monthPattern)
    static let money = JSONSchema.reference("Money")

    static let invoice = NamedSchema("Invoice", .object([
        .init("customer_id", .uuid),
        .init("customer_name", .string(minLength: 1, maxLength: 200)),
        .init("month", monthText),
        .init("tier_code", JSONSchema.string(minLength: 1, maxLength: 32)
            .described("The tier in force at the month's first instant; a change applies from the next month.")),
        .init("days_billed", JSONSchema.integer(minimum: 1, maximum: 31)
            .described("The whole month, except in the month the customer was created: its days from creation.")),
        .init("days_in_month", .integer(minimum: 28, maximum: 31)),
        .init("base", money.described("The monthly price × days billed ÷ days in month, rounded to the minor unit.")),
        .init("usage", JSONSchema.integer(minimum: 0)
            .described("Messages delivered in production environments in the month (the sandbox is free).")),
        .init("included", JSONSchema.integer(minimum: 0).described("Included transactions; never prorated.")),
        .init("overage_per_thousand", money),
        .init("overage", money.described("max(0, usage − included) ÷ 1,000 × overage per 1,000, rounded.")),
        .init("total", money.described("base + overage.")),
    ]))

    static let figures: [JSONSchema.Property] = [
        .init("figures", JSONSchema.object([
            .init("revenue", money.described("What the customers pay: invoice totals.")),
            .init("cost", money.described("What the platform charges the partner for them, exact.")),
            .init("margin", money.described("revenue − cost, exact.")),
        ]).nullable.described("Absent without a wholesale price for the month."), required: false),
    ]

    static let monthInvoices = NamedSchema("MonthInvoices", .object([
        .init("month", monthText),
        .init("closed", JSONSchema.boolean.described("False until the month-end job has closed the month (no invoices yet).")),
        .init("invoices", .array(of: .reference("Invoice"))),
    ]))

    static let customerInvoices = NamedSchema("CustomerInvoices", .object([
        .init("invoices", .array(of: .reference("Invoice"))),
    ]))

    static let wholesale = JSONSchema.object([
        .init("per_customer_month", money),
        .init("per_thousand_transactions", money),
    ])

    static let summary = NamedSchema("BillingSummary", .object([
        .init("month", monthText),
        .init("closed", JSONSchema.boolean.described("False for the running month (a preview: computed, not stored) and for a past month not closed yet.")),
        .init("wholesale_price", wholesale.nullable.described("In force for the month."), required: false),
        .init("invoices", .array(of: .reference("Invoice"))),
        .init("customers", .array(of: .object([
            .init("customer_id", .uuid),
            .init("customer_name", .string(minLength: 1, maxLength: 200)),
            .init("tier_code", .string(minLength: 1, maxLength: 32)),
            .init("usage", .integer(minimum: 0)),
            .init("revenue", money),
        ] + figures))),
        .init("tiers", .array(of: .object([
            .init("code", .string(minLength: 1, maxLength: 32)),
            .init("name", .string(minLength: 1, maxLength: 100)),
        ] + figures)).described("Tiers with at least one invoice, in price-list order.")),
    ] + [.init("total", JSONSchema.object([
        .init("revenue", money), .init("cost", money), .init("margin", money),
    ]).nullable, required: false)]))

    static let partnerBill = NamedSchema("PartnerBill", .object([
        .init("partner_id", .uuid),
        .init("month", monthText),
        .init("customers", JSONSchema.integer(minimum: 0).described("Customers invoiced in the month.")),
        .init("transactions", JSONSchema.integer(minimum: 0).described("Their usage.")),
        .init("wholesale_price", wholesale.nullable.described("Absent when no price was in force: nothing is charged."),
              required: false),
        .init("customer_charge", money.nullable.described("customers × per customer-month, rounded."), required: false),
        .init("usage_charge", money.nullable.described("transactions ÷ 1,000 × per 1,000, rounded."), required: false),
        .init("total", money.nullable, required: false),
    ]))

    static let schemas = [invoice, monthInvoices, customerInvoices, summary, partnerBill]
}
