import Foundation
import Postgres
import Testing
@testable import Billing
import Tenancy
import TestSupport

@Suite struct TiersTests {
    @Test func aNewPartnerSellsBronzeSilverAndGoldOnTheDefaultTerms() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            let admin = try db.makeUser(.partnerAdmin, partner: partner.id)
            // The defaults start in the month the partner was created, by the database's clock.
            let created = try db.owner.query("SELECT created_at FROM partners WHERE id = \(partner.id)").single()
                .decode(Date.self, at: 0)
            let tiers = try db.asCaller(admin) { connection, _ in try Tiers.list(for: admin, at: created, on: connection) }
            #expect(tiers.map(\.code) == ["bronze", "silver", "gold"])
            #expect(tiers.map(\.name) == ["Bronze", "Silver", "Gold"])
            #expect(tiers.allSatisfy { $0.current?.effectiveFrom == BillingMonth(containing: created) && $0.scheduled == nil })
            let terms = tiers.compactMap(\.current?.terms)
            #expect(terms.map(\.monthlyPrice.description) == ["49.00 EUR", "149.00 EUR", "399.00 EUR"])
            #expect(terms.map(\.includedTransactions) == [1000, 10_000, 100_000])
            #expect(terms.map(\.overagePerThousand) == [5, 4, 3])
            #expect(terms.map(\.slaSuccessRate) == [99, Decimal(string: "99.5")!, Decimal(string: "99.9")!])
            #expect(terms.map(\.slaP95LatencyMilliseconds) == [60000, 30000, 10000])
            #expect(terms.map(\.slaAvailability) == [99, Decimal(string: "99.5")!, Decimal(string: "99.9")!])
            #expect(terms.map(\.supportWindow) == [
                .businessHours(timeZone: "Europe/Amsterdam", startHour: 9, endHour: 17),
                .businessHours(timeZone: "Europe/Amsterdam", startHour: 9, endHour: 17), .allDay,
            ])
            #expect(terms.map(\.rateLimitPerMinute) == [60, 300, 1200])
            #expect(terms.map(\.concurrencyLimit) == [2, 5, 20])
            #expect(terms.map(\.logRetentionDays) == [7, 30, 90])
        }
    }

    @Test func partnersThatExistedBeforeTheMigrationHaveTiersToo() throws {
        try TenantTestDatabase.withSchema { db in
            // The platform partner is created by 0001, before 0002's trigger exists: the backfill covered it.
            let codes = try db.owner.query("""
                SELECT string_agg(t.code, ',' ORDER BY t.position), count(DISTINCT x.code)
                FROM tiers t JOIN tier_terms x USING (partner_id, code) WHERE t.partner_id = \(db.platformPartnerID)
                """).single().decode((String, Int).self)
            #expect(codes == ("bronze,silver,gold", 3))
        }
    }

    @Test func newTermsApplyFromTheFirstDayOfTheNextMonth() throws {
        try TenantTestDatabase.withSchema { db in
            let (_, admin) = try db.makeBillingPartner()
            let scheduled = try db.asCaller(admin) { connection, caller in
                try Tiers.scheduleTerms("silver", .make(price: "159.00"), by: caller, now: noon("2026-11-22"), on: connection)
            }
            #expect(scheduled.effectiveFrom.firstDayText == "2026-12-01")
            let (lastDayOfNovember, firstOfDecember) = try db.asCaller(admin) { connection, _ in
                (try Tiers.get("silver", for: admin, at: ISO8601DateFormatter().date(from: "2026-11-30T23:59:59Z")!, on: connection),
                 try Tiers.get("silver", for: admin, at: ISO8601DateFormatter().date(from: "2026-12-01T00:00:00Z")!, on: connection))
            }
            #expect(lastDayOfNovember.current?.terms.monthlyPrice.description == "149.00 EUR")
            #expect(lastDayOfNovember.scheduled == scheduled)
            #expect(firstOfDecember.current == scheduled)
            #expect(firstOfDecember.scheduled == nil)
        }
    }

    @Test func aSecondChangeInTheSameMonthReplacesTheScheduledTermsAndIsAuditedAgainstThem() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, admin) = try db.makeBillingPartner()
            try db.asCaller(admin) { connection, caller in
                try Tiers.scheduleTerms("gold", .make(price: "419.00", support: .allDay), by: caller, now: noon("2026-11-02"),
                                        on: connection)
                try Tiers.scheduleTerms("gold", .make(price: "429.00", support: .allDay), by: caller, now: noon("2026-11-29"),
                                        on: connection)
            }
            let rows = try db.owner.query("""
                SELECT effective_from::text, monthly_price::text FROM tier_terms
                WHERE partner_id = \(partner.id) AND code = 'gold' ORDER BY effective_from
                """).decode((String, String).self)
            #expect(rows.map(\.0) == ["2026-01-01", "2026-12-01"])
            #expect(rows.map(\.1) == ["399.0000", "429.0000"])
            let audit = try db.owner.query("""
                SELECT before->'terms'->'monthly_price'->>'amount', after->'terms'->'monthly_price'->>'amount',
                       after->>'effective_from', actor_email, target_id
                FROM audit_log WHERE partner_id = \(partner.id) AND action = 'tier.schedule_terms' ORDER BY id
                """).decode((String, String, String, String, String).self)
            #expect(audit.count == 2)
            #expect(audit.map(\.0) == ["399", "419"])
            #expect(audit.map(\.1) == ["419", "429"])
            #expect(audit.allSatisfy { $0.2 == "2026-12-01" && $0.3 == admin.email && $0.4 == "gold" })
        }
    }

    @Test func renamingIsImmediateAndAudited() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, admin) = try db.makeBillingPartner()
            try db.asCaller(admin) { connection, caller in
                try Tiers.rename("gold", to: "  Platinum Care ", by: caller, on: connection)
            }
            let gold = try db.asCaller(admin) { connection, _ in try Tiers.get("gold", for: admin, at: noon("2026-11-22"), on: connection) }
            #expect(gold.name == "Platinum Care")
            let audit = try db.owner.query("""
                SELECT before->>'name', after->>'name' FROM audit_log WHERE partner_id = \(partner.id) AND action = 'tier.rename'
                """).single().decode((String, String).self)
            #expect(audit == ("Gold", "Platinum Care"))
            #expect(throws: TenancyError.notFound("tier")) {
                try db.asCaller(admin) { try Tiers.rename("diamond", to: "Diamond", by: $1, on: $0) }
            }
        }
    }

    @Test func invalidTermsNameEveryBadFieldAndWriteNothing() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, admin) = try db.makeBillingPartner()
            let terms = TierTerms.make(price: "-1", successRate: 101, p95: 0, availability: Decimal(string: "99.9999")!,
                                       support: .businessHours(timeZone: "Mars/Olympus_Mons", startHour: 17, endHour: 9),
                                       rate: 0, concurrency: 0, retention: 0)
            #expect(throws: TenancyError.invalid([
                FieldProblem(field: "monthly_price", message: "must be 0 or more, with at most 4 decimal places and 10 digits before the point"),
                FieldProblem(field: "sla_success_rate", message: "must be a percentage from 0 to 100 with at most 2 decimal places"),
                FieldProblem(field: "sla_p95_latency_ms", message: "must be from 1 to 86400000 milliseconds"),
                FieldProblem(field: "sla_availability", message: "must be a percentage from 0 to 100 with at most 3 decimal places"),
                FieldProblem(field: "support_time_zone", message: "must be an IANA time zone such as Europe/Amsterdam"),
                FieldProblem(field: "support_end_hour", message: "must be an hour from 1 to 24 after the start hour"),
                FieldProblem(field: "rate_limit_per_minute", message: "must be from 1 to 1000000"),
                FieldProblem(field: "concurrency_limit", message: "must be from 1 to 10000"),
                FieldProblem(field: "log_retention_days", message: "must be from 1 to 3650 days"),
            ])) {
                try db.asCaller(admin) { try Tiers.scheduleTerms("silver", terms, by: $1, now: noon("2026-11-22"), on: $0) }
            }
            let count = try db.owner.query("SELECT count(*) FROM tier_terms WHERE partner_id = \(partner.id)").single()
                .decode(Int.self, at: 0)
            #expect(count == 3)
        }
    }

    @Test func onlyPartnerAdminsChangeTiers() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, _) = try db.makeBillingPartner()
            let operatorUser = try db.makeUser(.partnerOperator, partner: partner.id)
            #expect(throws: TenancyError.forbidden(.tiersWrite)) {
                try db.asCaller(operatorUser) { try Tiers.rename("gold", to: "Mine", by: $1, on: $0) }
            }
            #expect(throws: TenancyError.forbidden(.tiersWrite)) {
                try db.asCaller(operatorUser) { try Tiers.scheduleTerms("gold", .make(), by: $1, now: noon("2026-11-22"), on: $0) }
            }
        }
    }

    @Test func anotherPartnersTiersAreInvisibleAndUnchangeable() throws {
        try TenantTestDatabase.withSchema { db in
            let (acme, _) = try db.makeBillingPartner(slug: "acme")
            let (_, betaAdmin) = try db.makeBillingPartner(slug: "beta")
            // Beta's admin naming acme outright: the statements name the caller's partner, and
            // row-level security would hide acme's rows even if they did not.
            let tiers = try db.asCaller(betaAdmin) { connection, _ in
                try connection.query("SELECT count(*) FROM tiers WHERE partner_id = \(acme.id)").single().decode(Int.self, at: 0)
            }
            #expect(tiers == 0)
            try db.asCaller(betaAdmin) { connection, caller in
                try Tiers.rename("gold", to: "Beta Gold", by: caller, on: connection)
            }
            let acmeGold = try db.owner.query("SELECT name FROM tiers WHERE partner_id = \(acme.id) AND code = 'gold'").single()
                .decode(String.self, at: 0)
            #expect(acmeGold == "Gold")
        }
    }

    @Test func customerViewersSeeNoTiers() throws {
        try TenantTestDatabase.withSchema { db in
            let (partner, admin) = try db.makeBillingPartner()
            let customer = try db.asCaller(admin) { try Customers.create(NewCustomer(name: "Shop", tierCode: "gold"), by: $1, on: $0) }
            let viewer = try db.makeUser(.customerViewer, partner: partner.id, customer: customer.id)
            let tiers = try db.asCaller(viewer) { connection, _ in try Tiers.list(for: viewer, at: noon("2026-11-22"), on: connection) }
            #expect(tiers.isEmpty)
        }
    }

    @Test func aCustomerOnATierThePartnerDoesNotHaveIsInvalidInput() throws {
        try TenantTestDatabase.withSchema { db in
            let (_, admin) = try db.makeBillingPartner()
            #expect(throws: TenancyError.invalid("tier_code", "is not one of the partner's tiers")) {
                try db.asCaller(admin) { try Customers.create(NewCustomer(name: "Shop", tierCode: "diamond"), by: $1, on: $0) }
            }
        }
    }
}
