import Foundation
import Postgres
import Testing
@testable import Billing
import Tenancy
import TestSupport

@Suite struct PartnerBillsTests {
    @Test func thePartnerIsBilledPerCustomerMonthAndPerThousandTransactionsAtThatMonthsPrice() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, admin) = try db.makeBillingPartner()
            // Set in February: in force from March.
            try db.setWholesale(partner.id, perCustomer: 35, perThousand: Decimal(string: "1.50")!, now: noon("2026-02-15"))
            let shop = try db.makeCustomer("Shop", tier: "silver", by: admin, created: midnight("2026-02-01"))
            _ = try db.makeCustomer("Big Shop", tier: "gold", by: admin, created: midnight("2026-02-01"))
            try db.deliver(12_345, for: shop, on: midnight("2026-03-03"))
            try db.closeMonths(before: noon("2026-04-02"))
            let platformAdmin = try db.makePlatformAdmin()
            let (february, march) = try db.asPlatform(platformAdmin) { connection, _ in
                (try PartnerBills.get(partner.id, month: month("2026-02"), for: platformAdmin, on: connection),
                 try PartnerBills.get(partner.id, month: month("2026-03"), for: platformAdmin, on: connection))
            }
            #expect(february?.customers == 2 && february?.charges == nil)
            let bill = try #require(march)
            #expect(bill.customers == 2 && bill.transactions == 12_345)
            // 2 × 35 = 70.00; 12.345 × 1.50 = 18.5175 → 18.52.
            #expect(bill.charges?.customerCharge.amount == 70)
            #expect(bill.charges?.usageCharge.amount == Decimal(string: "18.52")!)
            #expect(bill.charges?.total.description == "88.52 EUR")
        }
    }

    @Test func thePartnerSeesRevenueCostAndMarginByCustomerAndByTier() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, admin) = try db.makeBillingPartner()
            try db.setWholesale(partner.id, perCustomer: 35, perThousand: Decimal(string: "1.50")!, now: noon("2026-02-15"))
            let shop = try db.makeCustomer("Shop", tier: "silver", by: admin, created: midnight("2026-02-01"))
            _ = try db.makeCustomer("Big Shop", tier: "gold", by: admin, created: midnight("2026-02-01"))
            try db.deliver(12_345, for: shop, on: midnight("2026-03-03"))
            try db.closeMonths(before: noon("2026-04-02"))
            let margins = try db.asCaller(admin) { connection, _ in
                try Margins.of(month("2026-03"), for: admin, now: noon("2026-04-02"), on: connection)
            }
            #expect(margins.closed)
            let april = try db.asCaller(admin) { connection, _ in
                try Margins.of(month("2026-04"), for: admin, now: noon("2026-04-02"), on: connection)
            }
            // The running month: a preview of the same computation, not closed.
            #expect(!april.closed && april.invoices.map(\.total.amount) == [399, 149])
            #expect(margins.customers.map(\.customerName) == ["Big Shop", "Shop"])
            // Shop: 158.38 − (35 + 18.5175) = 104.8625; Big Shop: 399 − 35 = 364.
            #expect(margins.customers.map { $0.margin?.margin.amount } == [364, Decimal(string: "104.8625")!])
            #expect(margins.tiers.map(\.code) == ["silver", "gold"])
            #expect(margins.tiers.map { $0.margin?.revenue.amount } == [Decimal(string: "158.38")!, 399])
            #expect(margins.total?.revenue.amount == Decimal(string: "557.38")!)
            #expect(margins.total?.cost.amount == Decimal(string: "88.5175")!)
            #expect(margins.total?.margin.amount == Decimal(string: "468.8625")!)
        }
    }

    @Test func anInvoiceInAnotherCurrencyThanTheWholesalePriceIsAClearErrorNotAGuess() throws {
        let sek = try #require(CurrencyCode("SEK"))
        let customer = BilledCustomer(id: UUID(), name: "Shop", tierCode: "gold", daysBilled: 31)
        let invoice = Invoice.compute(customer, month: month("2026-03"), terms: .make(price: "4500", currency: "SEK"), usage: 0)
        let wholesale = WholesalePrice(perCustomerMonth: Money(35, .eur), perThousandTransactions: 1)
        #expect(throws: BillingError.currencyMismatch(sek, .eur)) {
            try Margins.of([invoice], month: month("2026-03"), closed: true, wholesale: wholesale, tierNames: [("gold", "Gold")])
        }
        // Without a wholesale price there is revenue and nothing to compare it with.
        let unpriced = try Margins.of([invoice], month: month("2026-03"), closed: true, wholesale: nil, tierNames: [("gold", "Gold")])
        #expect(unpriced.total == nil && unpriced.revenue()?.description == "4500.00 SEK")
        #expect(PartnerBill.compute(partner: UUID(), month: month("2026-03"), invoices: [invoice], price: nil).charges == nil)
    }

    @Test func aPartnerAdminCannotReadAnotherPartnersBill() throws {
        try TenantTestDatabase.withSchema { db in
            let (_, admin) = try db.makeBillingPartner()
            let (other, _) = try db.makeBillingPartner()
            #expect(throws: TenancyError.forbidden(.partnersRead)) {
                try db.asCaller(admin) { connection, _ in try PartnerBills.get(other.id, month: month("2026-03"), for: admin, on: connection) }
            }
        }
    }
}
