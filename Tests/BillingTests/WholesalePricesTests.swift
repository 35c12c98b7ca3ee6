import Foundation
import Postgres
import Testing
@testable import Billing
import Tenancy
import TestSupport

@Suite struct WholesalePricesTests {
    static let price = WholesalePrice(perCustomerMonth: Money(35, .eur), perThousandTransactions: Decimal(string: "1.50")!)

    @Test func thePlatformSetsAPartnersPriceFromNextMonthAndIsAuditedInThePartnersLog() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, admin) = try db.makeBillingPartner()
            let platformAdmin = try db.makePlatformAdmin()
            let set = try db.asPlatform(platformAdmin) { connection, caller in
                try WholesalePrices.set(partner.id, Self.price, by: caller, now: noon("2026-11-22"), on: connection)
            }
            #expect(set.effectiveFrom.firstDayText == "2026-12-01")
            // The partner reads its own cost in its own scope.
            let (november, december) = try db.asCaller(admin) { connection, _ in
                (try WholesalePrices.current(partner.id, at: noon("2026-11-30"), on: connection),
                 try WholesalePrices.current(partner.id, at: noon("2026-12-01"), on: connection))
            }
            #expect(november == nil)
            #expect(december == set)
            let audit = try db.owner.query("""
                SELECT actor_kind, actor_email, after->'price'->'per_customer_month'->>'amount', before IS NULL
                FROM audit_log WHERE partner_id = \(partner.id) AND action = 'wholesale_price.set'
                """).single().decode((String, String, String, Bool).self)
            #expect(audit == ("platform", platformAdmin.email, "35", true))
        }
    }

    @Test func settingAgainBeforeTheMonthStartsReplacesThePrice() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, _) = try db.makeBillingPartner()
            let platformAdmin = try db.makePlatformAdmin()
            _ = try db.asPlatform(platformAdmin) { connection, caller in
                try WholesalePrices.set(partner.id, Self.price, by: caller, now: noon("2026-11-03"), on: connection)
                try WholesalePrices.set(partner.id, WholesalePrice(perCustomerMonth: Money(30, .eur), perThousandTransactions: 1),
                                        by: caller, now: noon("2026-11-28"), on: connection)
            }
            let rows = try db.owner.query("""
                SELECT effective_from::text, per_customer_month::text FROM wholesale_prices WHERE partner_id = \(partner.id)
                """).decode((String, String).self)
            #expect(rows.map(\.0) == ["2026-12-01"])
            #expect(rows.map(\.1) == ["30.0000"])
        }
    }

    @Test func aPartnerAdminCannotSetItsOwnCost() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, admin) = try db.makeBillingPartner()
            #expect(throws: TenancyError.forbidden(.partnersWrite)) {
                try db.asCaller(admin) { try WholesalePrices.set(partner.id, Self.price, by: $1, now: noon("2026-11-22"), on: $0) }
            }
            // Nor by SQL behind the store's back: the partner role has no INSERT on the table.
            let error = #expect(throws: PostgresError.self) {
                try db.asCaller(admin) { connection, _ in
                    try connection.execute("""
                        INSERT INTO wholesale_prices (partner_id, effective_from, per_customer_month, per_thousand_transactions, currency)
                        VALUES (\(partner.id), date '2026-12-01', 0, 0, 'EUR')
                        """)
                }
            }
            #expect(error?.code == .insufficientPrivilege)
        }
    }

    @Test func invalidPricesNameTheirFields() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, _) = try db.makeBillingPartner()
            let platformAdmin = try db.makePlatformAdmin()
            let bad = WholesalePrice(perCustomerMonth: Money(-1, .eur), perThousandTransactions: Decimal(string: "0.00001")!)
            #expect(throws: TenancyError.invalid([
                FieldProblem(field: "per_customer_month", message: "must be 0 or more, with at most 4 decimal places and 10 digits before the point"),
                FieldProblem(field: "per_thousand_transactions", message: "must be 0 or more, with at most 4 decimal places and 10 digits before the point"),
            ])) {
                try db.asPlatform(platformAdmin) { try WholesalePrices.set(partner.id, bad, by: $1, now: noon("2026-11-22"), on: $0) }
            }
        }
    }
}
