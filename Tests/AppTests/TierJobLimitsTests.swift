import Foundation
import Jobs
import Postgres
import Tenancy
import Testing
import TestSupport
@testable import App

/// The tiers' concurrency and rate limits become the job limits of each customer's connections
/// (issue 6 §1), which every worker process's claim enforces; a tier change reaches them on the
/// next pass, and a pass with nothing changed writes nothing. (That a key's limits hold across
/// processes is JobsTests' JobLimitsAndFairnessTests.)
@Suite struct TierJobLimitsTests {
    @Test func eachConnectionIsLimitedByItsCustomersTierInForceAndATierChangeFollows() throws {
        try TenantTestDatabase.withSchema { db in
            let partner = try db.makePartner()
            // Two customers on the partner's default tiers; the owner sets known figures.
            let (gold, bronze) = try db.owner.transaction { connection -> (UUID, UUID) in
                try connection.execute("""
                    UPDATE tier_terms SET concurrency_limit = CASE code WHEN 'gold' THEN 8 ELSE 2 END,
                                          rate_limit_per_minute = CASE code WHEN 'gold' THEN 600 ELSE 120 END
                    WHERE partner_id = \(partner.id)
                    """)
                func customer(_ name: String, _ tier: String) throws -> UUID {
                    try connection.query("""
                        INSERT INTO customers (partner_id, name, tier_code) VALUES (\(partner.id), \(name), \(tier)) RETURNING id
                        """).single().decode(UUID.self, at: 0)
                }
                return (try customer("Gold shop", "gold"), try customer("Bronze shop", "bronze"))
            }
            func connection(of customer: UUID, _ kind: String) throws -> UUID {
                try db.owner.query("""
                    INSERT INTO connections (partner_id, customer_id, environment_id, environment_kind, kind, name, endpoint)
                    SELECT partner_id, customer_id, id, kind, \(kind), \(kind), \(kind + " " + UUID().uuidString)
                    FROM environments WHERE customer_id = \(customer) AND kind = 'production' RETURNING id
                    """).single().decode(UUID.self, at: 0)
            }
            let goldShop = try connection(of: gold, "woocommerce"), goldERP = try connection(of: gold, "tryton-erp")
            let bronzeShop = try connection(of: bronze, "woocommerce")
            func limits() throws -> [String: (Int?, Double?, Int)] {
                Dictionary(uniqueKeysWithValues: try db.owner.query("SELECT limit_key, max_running, rate_per_second, burst FROM job_limits")
                    .decode((String, Int?, Double?, Int).self).map { ($0.0, ($0.1, $0.2, $0.3)) })
            }
            func sync() throws -> Int { try db.database.transaction(.system) { try TierJobLimits.sync(now: Date(), on: $0) } }

            #expect(try sync() == 3)
            let key = { (id: UUID) in "connection:\(id.uuidString.lowercased())" }
            var held = try limits()
            #expect(held[key(goldShop)].map { [$0.0, $0.2] } == [8, 8] && held[key(goldShop)]?.1 == 10)
            #expect(held[key(goldERP)]?.0 == 8, "each connection of the customer gets the tier's allowance")
            #expect(held[key(bronzeShop)].map { [$0.0, $0.2] } == [2, 2] && held[key(bronzeShop)]?.1 == 2)
            #expect(try db.count("SELECT count(*) FROM job_rate_limits WHERE limit_key LIKE 'connection:%'") == 3,
                    "each key's bucket exists, so the rate holds from the first claim")

            // Nothing changed: nothing written. The bronze customer moves to gold: its key follows.
            #expect(try sync() == 0)
            _ = try db.owner.execute("UPDATE customers SET tier_code = 'gold' WHERE id = \(bronze)")
            #expect(try sync() == 1)
            held = try limits()
            #expect(held[key(bronzeShop)]?.0 == 8 && held[key(bronzeShop)]?.1 == 10)
        }
    }
}
