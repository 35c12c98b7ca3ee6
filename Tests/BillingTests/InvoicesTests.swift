import Foundation
import Postgres
import Testing
@testable import Billing
import Tenancy
import TestSupport

@Suite struct InvoicesTests {
    @Test func overageIsProRataPerThousandAndRoundedOnlyOnTheLine() {
        let customer = BilledCustomer(id: UUID(), name: "Shop", tierCode: "silver", daysBilled: 31)
        // 2,345 over the 10,000 included at 4.0000 per 1,000: 9.38 exactly, not 3 started thousands (12.00).
        let invoice = Invoice.compute(customer, month: month("2026-03"), terms: .make(price: "149.00", included: 10_000, overage: 4),
                                      usage: 12_345)
        #expect(invoice.base.amount == Decimal(string: "149.00")!)
        #expect(invoice.overage.amount == Decimal(string: "9.38")!)
        #expect(invoice.total.description == "158.38 EUR")
        let rounded = Invoice.compute(customer, month: month("2026-03"), terms: .make(included: 0, overage: Decimal(string: "0.0333")!),
                                      usage: 1_001)
        // 1.001 × 0.0333 = 0.0333333: the line is rounded to the cent, half-even.
        #expect(rounded.overage.amount == Decimal(string: "0.03")!)
    }

    @Test func usageUnderTheIncludedTransactionsCostsNothingMore() {
        let customer = BilledCustomer(id: UUID(), name: "Shop", tierCode: "silver", daysBilled: 30)
        let invoice = Invoice.compute(customer, month: month("2026-04"), terms: .make(included: 10_000), usage: 9_999)
        #expect(invoice.overage.amount == 0)
        #expect(invoice.total.amount == 149)
    }

    @Test func aTierChangeDuringTheMonthAppliesFromTheNextMonth() throws {
        try TenantTestDatabase.withSchema { db in
            let (_, admin) = try db.makeBillingPartner()
            let shop = try db.makeCustomer("Shop", tier: "silver", by: admin, created: midnight("2026-02-01"))
            try db.change(shop, CustomerChanges(tierCode: "gold"), by: admin, at: noon("2026-03-15"))
            try db.deliver(12_000, for: shop, on: midnight("2026-03-03"))
            try db.deliver(345, for: shop, on: midnight("2026-03-20"))
            try db.closeMonths(before: noon("2026-05-02"))
            let march = try db.asCaller(admin) { connection, _ in try Invoices.list(month("2026-03"), for: admin, on: connection) }
            let april = try db.asCaller(admin) { connection, _ in try Invoices.list(month("2026-04"), for: admin, on: connection) }
            let invoice = try #require(march.first)
            #expect(march.count == 1)
            #expect(invoice.tierCode == "silver")
            #expect(invoice.usage == 12_345 && invoice.included == 10_000)
            #expect(invoice.base.description == "149.00 EUR")
            #expect(invoice.overage.description == "9.38 EUR")
            #expect(invoice.total.amount == Decimal(string: "158.38")!)
            #expect(april.map(\.tierCode) == ["gold"])
            #expect(april.first?.total.amount == 399)
        }
    }

    @Test func aCustomerCreatedDuringTheMonthPaysItsDaysButKeepsAllIncludedTransactions() throws {
        try TenantTestDatabase.withSchema { db in
            let (_, admin) = try db.makeBillingPartner()
            // 17 March to 31 March: 15 of 31 days.
            let shop = try db.makeCustomer("Shop", tier: "silver", by: admin, created: noon("2026-03-17"))
            try db.deliver(10_500, for: shop, on: midnight("2026-03-20"))
            try db.closeMonths(before: noon("2026-04-02"))
            let invoices = try db.asCaller(admin) { connection, _ in try Invoices.list(month("2026-03"), for: admin, on: connection) }
            let invoice = try #require(invoices.first)
            #expect(invoice.daysBilled == 15 && invoice.daysInMonth == 31)
            // 149 × 15 ÷ 31 = 72.0967…; 500 over the full 10,000 included at 4 per 1,000 = 2.00.
            #expect(invoice.base.amount == Decimal(string: "72.10")!)
            #expect(invoice.overage.amount == 2)
            #expect(invoice.total.amount == Decimal(string: "74.10")!)
        }
    }

    @Test func sandboxDeliveriesAreNotBilled() throws {
        try TenantTestDatabase.withSchema { db in
            let (_, admin) = try db.makeBillingPartner()
            let shop = try db.makeCustomer("Shop", tier: "bronze", by: admin, created: midnight("2026-02-01"))
            try db.deliver(50_000, for: shop, on: midnight("2026-03-02"), kind: "sandbox")
            try db.deliver(700, for: shop, on: midnight("2026-03-02"))
            try db.deliver(500, for: shop, on: midnight("2026-03-09"))
            let (days, invoices) = try db.asCaller(admin) { connection, _ in
                (try UsageMeter.days(shop.id, partner: shop.partnerID, in: month("2026-03"), on: connection),
                 try Invoices.compute(partner: shop.partnerID, month: month("2026-03"), on: connection))
            }
            #expect(days == [UsageDay(day: midnight("2026-03-02"), delivered: 700), UsageDay(day: midnight("2026-03-09"), delivered: 500)])
            // Bronze: 49 with 1,000 included, 5 per 1,000 over: 200 over = 1.00.
            #expect(invoices.map(\.usage) == [1_200])
            #expect(invoices.map(\.total.amount) == [50])
        }
    }

    @Test func aCustomerIsBilledForAMonthItWasActiveInAtAnyTime() throws {
        try TenantTestDatabase.withSchema { db in
            let (_, admin) = try db.makeBillingPartner()
            let leaving = try db.makeCustomer("Leaving", tier: "bronze", by: admin, created: midnight("2026-01-10"))
            try db.change(leaving, CustomerChanges(status: .suspended), by: admin, at: noon("2026-03-05"))
            let back = try db.makeCustomer("Back", tier: "bronze", by: admin, created: midnight("2026-01-10"))
            try db.change(back, CustomerChanges(status: .suspended), by: admin, at: noon("2026-01-20"))
            try db.change(back, CustomerChanges(status: .active), by: admin, at: noon("2026-04-28"))
            try db.closeMonths(before: noon("2026-05-02"))
            let names = try db.asCaller(admin) { connection, _ in
                try ["2026-02", "2026-03", "2026-04"].map { try Invoices.list(month($0), for: admin, on: connection).map(\.customerName) }
            }
            #expect(names == [["Leaving"], ["Leaving"], ["Back"]])
        }
    }

    @Test func closingTwiceWritesNothingNew() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, admin) = try db.makeBillingPartner()
            let shop = try db.makeCustomer("Shop", tier: "silver", by: admin, created: midnight("2026-02-01"))
            try db.deliver(11_000, for: shop, on: midnight("2026-03-03"))
            let first = try db.closeMonths(before: noon("2026-04-02"))
            #expect(first == [MonthClosing.Closed(invoices: 1, billed: true), MonthClosing.Closed(invoices: 1, billed: true)])
            #expect(try db.closeMonths(before: noon("2026-04-03")).isEmpty)
            // Closing the same month again (a second job racing the first) stores nothing either.
            let again = try db.database.transaction(.system) { connection in
                try MonthClosing.close(MonthClosing.OpenMonth(partnerID: partner.id, month: month("2026-03")), on: connection)
            }
            #expect(again == MonthClosing.Closed(invoices: 0, billed: false))
            #expect(try db.count("SELECT count(*) FROM invoices") == 2)
            #expect(try db.count("SELECT count(*) FROM partner_bills") == 2)
        }
    }

    @Test func issuedInvoicesCannotBeChangedByTheApplication() throws {
        try TenantTestDatabase.withSchema { db in
            let (_, admin) = try db.makeBillingPartner()
            _ = try db.makeCustomer("Shop", tier: "silver", by: admin, created: midnight("2026-02-01"))
            try db.closeMonths(before: noon("2026-03-02"))
            #expect(throws: PostgresError.self) {
                try db.database.transaction(.system) { connection in
                    try connection.execute("UPDATE invoices SET total = 0, base = 0")
                }
            }
            #expect(try db.count("SELECT count(*) FROM invoices WHERE total = 149") == 1)
        }
    }

    @Test func thePreviewIsTheRunningMonthUpToNowAndIsNotStored() throws {
        try TenantTestDatabase.withSchema { db in
            let (_, admin) = try db.makeBillingPartner()
            let shop = try db.makeCustomer("Shop", tier: "silver", by: admin, created: midnight("2026-02-01"))
            try db.deliver(10_250, for: shop, on: midnight("2026-03-03"))
            let preview = try db.asCaller(admin) { connection, _ in try Invoices.preview(for: admin, now: noon("2026-03-10"), on: connection) }
            #expect(preview.map(\.total.amount) == [150])
            #expect(try db.count("SELECT count(*) FROM invoices") == 0)
        }
    }

    @Test func operatorsAndViewersCannotReadInvoices() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, admin) = try db.makeBillingPartner()
            let shop = try db.makeCustomer("Shop", tier: "silver", by: admin, created: midnight("2026-02-01"))
            let operatorUser = try db.makeUser(.partnerOperator, partner: partner.id)
            let viewer = try db.makeUser(.customerViewer, partner: partner.id, customer: shop.id)
            for principal in [operatorUser, viewer] {
                #expect(throws: TenancyError.forbidden(.pricingRead)) {
                    try db.asCaller(principal) { connection, _ in try Invoices.list(month("2026-03"), for: principal, on: connection) }
                }
                #expect(throws: TenancyError.forbidden(.pricingRead)) {
                    try db.asCaller(principal) { connection, _ in try Invoices.list(customer: shop.id, for: principal, on: connection) }
                }
            }
        }
    }
}
