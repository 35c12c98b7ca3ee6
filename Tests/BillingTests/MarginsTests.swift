import Foundation
import Postgres
import Testing
@testable import Billing
import Tenancy
import TestSupport

@Suite struct MarginsTests {
    @Test func marginIsPriceMinusWholesaleExactly() throws {
        let wholesale = WholesalePrice(perCustomerMonth: Money(35, .eur), perThousandTransactions: Decimal(string: "1.50")!)
        let margin = try Margin.of(.make(price: "149.00"), wholesale: wholesale)
        #expect(margin.revenue.description == "149.00 EUR")
        #expect(margin.cost.description == "35.00 EUR")
        #expect(margin.margin == Money(114, .eur))
    }

    @Test func usageAddsOverageToRevenueAndPerThousandToCost() throws {
        let wholesale = WholesalePrice(perCustomerMonth: Money(35, .eur), perThousandTransactions: Decimal(string: "1.50")!)
        // 12,345 transactions on 10,000 included at 4 per 1,000: 9.38 overage; cost 18.5175 for all of them.
        let margin = try Margin.of(.make(price: "149.00", included: 10_000, overage: 4), wholesale: wholesale,
                                   usage: MonthlyUsage(transactions: 12_345))
        #expect(margin.revenue.amount == Decimal(string: "158.38")!)
        #expect(margin.cost.amount == Decimal(string: "53.5175")!)
        #expect(margin.margin.amount == Decimal(string: "104.8625")!)
        #expect(margin.margin.roundedForCharging().description == "104.86 EUR")
    }

    @Test func aTierAndAWholesalePriceInDifferentCurrenciesAreRefused() throws {
        let wholesale = WholesalePrice(perCustomerMonth: Money(35, try #require(CurrencyCode("USD"))), perThousandTransactions: 1)
        #expect(throws: BillingError.currencyMismatch(.eur, try #require(CurrencyCode("USD")))) {
            try Margin.of(.make(), wholesale: wholesale)
        }
    }

    @Test func aPartnerSeesPriceCostAndMarginPerTierAndPerCustomer() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, admin) = try db.makeBillingPartner()
            let platformAdmin = try db.makePlatformAdmin()
            _ = try db.asPlatform(platformAdmin) { connection, caller in
                try WholesalePrices.set(partner.id, WholesalePrice(perCustomerMonth: Money(35, .eur), perThousandTransactions: 1),
                                        by: caller, now: noon("2026-10-15"), on: connection)
            }
            let (shop, _) = try db.asCaller(admin) { connection, caller in
                (try Customers.create(NewCustomer(name: "Shop", tierCode: "silver"), by: caller, on: connection),
                 try Customers.create(NewCustomer(name: "Big Shop", tierCode: "gold"), by: caller, on: connection))
            }
            let (tiers, customers) = try db.asCaller(admin) { connection, _ in
                (try Margins.perTier(for: admin, at: noon("2026-11-22"), on: connection),
                 try Margins.perCustomer(for: admin, at: noon("2026-11-22"), usage: [shop.id: MonthlyUsage(transactions: 11_000)],
                                         on: connection))
            }
            #expect(tiers.map(\.code) == ["bronze", "silver", "gold"])
            #expect(tiers.map { $0.margin?.margin.description } == ["14.00 EUR", "114.00 EUR", "364.00 EUR"])
            #expect(customers.map(\.customerName) == ["Shop", "Big Shop"])
            // Shop: 149 + 1 × 4 overage − (35 + 11 × 1) = 107.
            #expect(customers.map { $0.margin?.margin.amount } == [107, 364])
        }
    }

    @Test func beforeTheWholesalePriceIsSetThereIsNoMarginYet() throws {
        try TenantTestDatabase.withSchema { db in
            let (_, admin) = try db.makeBillingPartner()
            let tiers = try db.asCaller(admin) { connection, _ in try Margins.perTier(for: admin, at: noon("2026-11-22"), on: connection) }
            #expect(tiers.count == 3 && tiers.allSatisfy { $0.margin == nil })
        }
    }

    @Test func aTierPricedInAnotherCurrencyThanTheWholesalePriceIsAClearError() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, admin) = try db.makeBillingPartner()
            let platformAdmin = try db.makePlatformAdmin()
            _ = try db.asPlatform(platformAdmin) { connection, caller in
                try WholesalePrices.set(partner.id, WholesalePrice(perCustomerMonth: Money(35, .eur), perThousandTransactions: 1),
                                        by: caller, now: noon("2026-10-15"), on: connection)
            }
            _ = try db.asCaller(admin) { connection, caller in
                try Tiers.scheduleTerms("gold", .make(price: "45000", currency: "SEK"), by: caller, now: noon("2026-10-15"),
                                        on: connection)
            }
            let usd = try #require(CurrencyCode("SEK"))
            #expect(throws: BillingError.currencyMismatch(usd, .eur)) {
                try db.asCaller(admin) { connection, _ in try Margins.perTier(for: admin, at: noon("2026-11-22"), on: connection) }
            }
        }
    }
}
