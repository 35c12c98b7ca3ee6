import Foundation
import HTTP
import Postgres
import Testing
import TestSupport

/// Issue 7 §5 over HTTP: a closed month's invoices as JSON and CSV, the partner's revenue, cost
/// and margin, the platform's bill, a 400 naming a malformed month, and pricing for admins only.
/// The month is stored as the owner, as the month-end job stores it (BillingTests pin the
/// computation).
@Suite struct InvoicesAPITests {
    /// Alpha One's March 2026 invoice: silver, 12,345 delivered over 10,000 included at 4 per 1,000.
    static func storeMarch(in world: APIWorld) throws {
        _ = try world.db.owner.execute("""
            INSERT INTO invoices (partner_id, customer_id, month, customer_name, tier_code, currency, days_billed, days_in_month,
                                  base, usage, included, overage_per_thousand, overage, total)
            VALUES (\(world.acme.id), \(world.a1.id), date '2026-03-01', 'Alpha One', 'silver', 'EUR', 31, 31,
                    149.00, 12345, 10000, 4, 9.38, 158.38)
            """)
        _ = try world.db.owner.execute("""
            INSERT INTO wholesale_prices (partner_id, effective_from, per_customer_month, per_thousand_transactions, currency)
            VALUES (\(world.acme.id), date '2026-03-01', 35, 1.50, 'EUR')
            """)
        _ = try world.db.owner.execute("""
            INSERT INTO partner_bills (partner_id, month, customers, transactions, currency, per_customer_month,
                                       per_thousand_transactions, customer_charge, usage_charge, total)
            VALUES (\(world.acme.id), date '2026-03-01', 1, 12345, 'EUR', 35, 1.50, 35.00, 18.52, 53.52)
            """)
    }

    static let csv = "month,customer_id,customer,tier,days_billed,days_in_month,base,usage,included,overage,total,currency\r\n"

    @Test func aClosedMonthsInvoicesReadAsJSONAndAsCSV() throws {
        try APIWorld.with { (world) throws in
            try Self.storeMarch(in: world)
            let json = world.call(.get, "/billing/months/2026-03/invoices", token: world.acmeAdmin.token)
            #expect(json.status == .ok, "\(json.text)")
            #expect(json.object["closed"] as? Bool == true)
            let invoice = try #require((json.object["invoices"] as? [[String: Any]])?.first)
            #expect(invoice.money("total") == ["158.38", "EUR"])
            #expect(invoice.money("overage") == ["9.38", "EUR"])
            #expect(invoice["usage"] as? Int == 12_345)

            let line = "2026-03,\(world.a1.id.uuidString.lowercased()),Alpha One,silver,31,31,149.00,12345,10000,9.38,158.38,EUR\r\n"
            let file = world.call(.get, "/billing/months/2026-03/invoices.csv", token: world.acmeAdmin.token)
            #expect(file.status == .ok)
            #expect(file.headers["Content-Type"] == "text/csv; charset=utf-8; header=present")
            #expect(file.text == Self.csv + line)
            let negotiated = world.call(.get, "/billing/months/2026-03/invoices", token: world.acmeAdmin.token,
                                        headers: ["Accept": "text/csv"])
            #expect(negotiated.text == Self.csv + line)

            let customer = world.call(.get, "/customers/\(world.a1.id)/invoices", token: world.acmeAdmin.token)
            #expect((customer.object["invoices"] as? [[String: Any]])?.map { $0["month"] as? String } == ["2026-03"])
        }
    }

    @Test func theSummaryShowsRevenueCostAndMarginByCustomerAndByTier() throws {
        try APIWorld.with { (world) throws in
            try Self.storeMarch(in: world)
            let summary = world.call(.get, "/billing/months/2026-03/summary", token: world.acmeAdmin.token)
            #expect(summary.status == .ok, "\(summary.text)")
            let total = try #require(summary.object["total"] as? [String: Any])
            // 158.38 − (35 + 12.345 × 1.50 = 53.5175) = 104.8625, exact.
            #expect(total.money("revenue") == ["158.38", "EUR"])
            #expect(total.money("cost") == ["53.5175", "EUR"])
            #expect(total.money("margin") == ["104.8625", "EUR"])
            let tiers = summary.object["tiers"] as? [[String: Any]] ?? []
            #expect(tiers.map { $0["code"] as? String } == ["silver"])
            let file = world.call(.get, "/billing/months/2026-03/summary.csv", token: world.acmeAdmin.token)
            #expect(file.text.contains("2026-03,total,,,,12345,158.38,53.5175,104.8625,EUR\r\n"), "\(file.text)")
            #expect(world.call(.get, "/billing/preview", token: world.acmeAdmin.token).object["closed"] as? Bool == false)
        }
    }

    @Test func thePlatformReadsAPartnersBillOnceTheMonthIsClosed() throws {
        try APIWorld.with { (world) throws in
            let path = "/partners/\(world.acme.id)/bills/2026-03"
            #expect(world.call(.get, path, token: world.platformAdmin.token).status == .notFound)
            try Self.storeMarch(in: world)
            let bill = world.call(.get, path, token: world.platformAdmin.token)
            #expect(bill.status == .ok, "\(bill.text)")
            #expect(bill.object.money("total") == ["53.52", "EUR"])
            #expect(bill.object["transactions"] as? Int == 12_345)
        }
    }

    @Test func aMalformedMonthIsABadRequestNamingTheMonth() throws {
        try APIWorld.with { (world) throws in
            for month in ["2026-13", "2026-3", "march", "2026-03-01"] {
                let response = world.call(.get, "/billing/months/\(month)/invoices", token: world.acmeAdmin.token)
                #expect(response.status == .badRequest, "\(month): \(response.status.code)")
                #expect(response.text.contains(#""month""#), "\(response.text)")
            }
            let bill = world.call(.get, "/partners/\(world.acme.id)/bills/2026-00", token: world.platformAdmin.token)
            #expect(bill.status == .badRequest)
        }
    }

    @Test func operatorsAndViewersCannotReadPricing() throws {
        try APIWorld.with { (world) throws in
            try Self.storeMarch(in: world)
            for member in [world.acmeOperator, world.acmeViewer] {
                for path in ["/billing/months/2026-03/invoices", "/billing/months/2026-03/invoices.csv",
                             "/billing/months/2026-03/summary", "/billing/preview", "/customers/\(world.a1.id)/invoices"] {
                    #expect(world.call(.get, path, token: member.token).status == .forbidden, "\(path)")
                }
            }
        }
    }
}
