import Foundation
@testable import Billing
import Postgres
import Tenancy
import TestSupport

/// Noon UTC on `day` (`YYYY-MM-DD`), for an injected `now`.
func noon(_ day: String) -> Date {
    ISO8601DateFormatter().date(from: day + "T12:00:00Z")!
}

extension TierTerms {
    /// Silver-like terms with any field overridden.
    static func make(price: String = "149.00", currency: String = "EUR", included: Int = 10_000,
                     overage: Decimal = 4, successRate: Decimal = Decimal(string: "99.5")!, p95: Int = 30_000,
                     availability: Decimal = Decimal(string: "99.5")!,
                     support: SupportWindow = .businessHours(timeZone: "Europe/Amsterdam", startHour: 9, endHour: 17),
                     rate: Int = 300, concurrency: Int = 5, retention: Int = 30) -> TierTerms {
        TierTerms(monthlyPrice: Money(Decimal(string: price)!, CurrencyCode(currency)!), includedTransactions: included,
                  overagePerThousand: overage, slaSuccessRate: successRate, slaP95LatencyMilliseconds: p95,
                  slaAvailability: availability, supportWindow: support, rateLimitPerMinute: rate,
                  concurrencyLimit: concurrency, logRetentionDays: retention)
    }
}

extension TenantTestDatabase {
    /// The default tiers start in the month the partner was created — the real clock's month.
    /// Tests that inject a calendar of their own move them to January 2026 first, so the
    /// defaults are in force on every injected day whenever the suite runs.
    func startDefaultTermsIn2026(_ partner: UUID) throws {
        _ = try owner.execute("UPDATE tier_terms SET effective_from = date '2026-01-01' WHERE partner_id = \(partner)")
    }

    /// A partner, its admin, and its default tiers moved to January 2026.
    func makeBillingPartner(slug: String = "p" + UUID().uuidString.prefix(8).lowercased()) throws -> (Partner, Principal) {
        let partner = try makePartner(slug: slug)
        try startDefaultTermsIn2026(partner.id)
        return (partner, try makeUser(.partnerAdmin, partner: partner.id))
    }

    /// A platform admin, stored in the platform partner.
    func makePlatformAdmin() throws -> Principal {
        try makeUser(.platformAdmin, partner: platformPartnerID)
    }

    /// Runs `body` in the platform scope, as the platform admin's explicit path does.
    func asPlatform<Result>(_ admin: Principal, _ body: (PostgresConnection, Caller) throws -> Result) throws -> Result {
        try database.transaction(try TenantScope.platform(for: admin)) { connection in
            try body(connection, Caller(principal: admin, requestID: "req-platform", remoteAddress: "192.0.2.2"))
        }
    }
}
