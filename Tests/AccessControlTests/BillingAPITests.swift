import Foundation
import HTTP
import Postgres
import Testing
import TestSupport

/// Issue 4 §3 and §5 over HTTP: tier changes wait for the next billing month, margins are
/// exact decimal strings, only the platform sets wholesale prices, and bad input is a 422
/// naming the field that changes nothing.
@Suite struct BillingAPITests {
    /// `YYYY-MM` of the month `offset` months after the one containing `date`, in UTC.
    static func month(of date: Date, offset: Int = 0) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let shifted = calendar.date(byAdding: .month, value: offset, to: date)!
        let parts = calendar.dateComponents([.year, .month], from: shifted)
        return String(format: "%04d-%02d", parts.year!, parts.month!)
    }

    static let wholesaleEUR =
        #"{"per_customer_month":{"amount":"12.50","currency":"EUR"},"per_thousand_transactions":{"amount":"0.75","currency":"EUR"}}"#

    @Test func changedTermsLeaveThisMonthAloneAndShowAsScheduledForNextMonth() throws {
        try APIWorld.with { (world) throws in
            let before = Date()
            let patched = world.call(.patch, "/tiers/bronze", token: world.acmeAdmin.token,
                                     json: #"{"monthly_price":{"amount":"59.90","currency":"EUR"},"sla_success_rate":"99.25"}"#)
            let after = Date()
            #expect(patched.status == .ok, "\(patched.text)")
            let nextMonths = [Self.month(of: before, offset: 1) + "-01", Self.month(of: after, offset: 1) + "-01"]

            // What the operator reads is what the admin's answer said.
            for tier in [patched.object, world.call(.get, "/tiers/bronze", token: world.acmeOperator.token).object] {
                let current = try #require(tier["current"] as? [String: Any])
                let scheduled = try #require(tier["scheduled"] as? [String: Any], "\(tier)")
                #expect(current.money("monthly_price") == ["49.00", "EUR"])
                #expect(current["sla_success_rate"] as? String == "99.00")
                #expect(scheduled.money("monthly_price") == ["59.90", "EUR"])
                #expect(scheduled["sla_success_rate"] as? String == "99.25")
                // Terms the patch did not name carry over unchanged.
                #expect(scheduled.money("overage_per_thousand") == ["5.00", "EUR"])
                #expect(scheduled["support_time_zone"] as? String == "Europe/Amsterdam")
                #expect(nextMonths.contains(scheduled["effective_from"] as? String ?? ""), "\(scheduled)")
            }
            let listed = world.call(.get, "/tiers", token: world.acmeOperator.token).object["data"] as? [[String: Any]] ?? []
            #expect(listed.map { $0["scheduled"] != nil } == [true, false, false])

            let requestID = try #require(patched.headers["X-Request-Id"])
            #expect(try world.count("SELECT count(*) FROM audit_log WHERE request_id = \(requestID) AND action = 'tier.schedule_terms'") == 1)
        }
    }

    @Test func aNewNameAppliesAtOnceAndSchedulesNothing() throws {
        try APIWorld.with { (world) throws in
            let renamed = world.call(.patch, "/tiers/silver", token: world.acmeAdmin.token, json: #"{"name":"  Growth  "}"#)
            #expect(renamed.status == .ok, "\(renamed.text)")
            let tier = world.call(.get, "/tiers/silver", token: world.acmeAdmin.token).object
            #expect(tier["name"] as? String == "Growth")
            #expect(tier["scheduled"] == nil)
            #expect(try world.count("SELECT count(*) FROM tier_terms WHERE partner_id = \(world.acme.id) AND code = 'silver'") == 1)
            #expect(try world.count("SELECT count(*) FROM audit_log WHERE partner_id = \(world.acme.id) AND action = 'tier.rename'") == 1)
        }
    }

    @Test func marginsPerCustomerAndTierAreExactDecimalStrings() throws {
        try APIWorld.with { (world) throws in
            let set = world.call(.put, "/partners/\(world.acme.id)/wholesale-price", token: world.platformAdmin.token,
                                 json: Self.wholesaleEUR)
            #expect(set.status == .ok, "\(set.text)")
            #expect(set.object["current"] == nil)
            let scheduled = try #require(set.object["scheduled"] as? [String: Any])
            let effectiveFrom = try #require(scheduled["effective_from"] as? String)
            let month = String(effectiveFrom.dropLast(3))

            let report = world.call(.get, "/pricing/margins?month=\(month)", token: world.acmeAdmin.token)
            #expect(report.status == .ok, "\(report.text)")
            #expect(report.object["month"] as? String == month)
            let customers = report.object["customers"] as? [[String: Any]] ?? []
            #expect(Set(customers.compactMap { $0["customer_name"] as? String }) == [world.a1.name, world.a2.name])
            for line in customers {
                // Bronze at 49.00 against 12.50 a customer: 49.00 − 12.50 = 36.50, to the cent.
                #expect(line.money("price") == ["49.00", "EUR"])
                #expect(line.money("cost") == ["12.50", "EUR"])
                #expect(line.money("margin") == ["36.50", "EUR"])
                #expect(line["transactions"] as? Int == 0)
            }
            let tiers = report.object["tiers"] as? [[String: Any]] ?? []
            #expect(tiers.map { $0.money("margin") } == [["36.50", "EUR"], ["136.50", "EUR"], ["386.50", "EUR"]])
            #expect(report.text.contains(#""amount":"36.50""#), "amounts must be JSON strings, not numbers")

            // This month has no wholesale price yet: prices, but no cost or margin.
            let now = world.call(.get, "/pricing/margins", token: world.acmeAdmin.token).object
            let first = try #require((now["customers"] as? [[String: Any]])?.first)
            #expect(first.money("price") == ["49.00", "EUR"])
            #expect(first["cost"] == nil && first["margin"] == nil)
        }
    }

    @Test func onlyAPlatformAdminSetsOrReadsWholesalePrices() throws {
        try APIWorld.with { (world) throws in
            let path = "/partners/\(world.acme.id)/wholesale-price"
            for token in [world.acmeAdmin.token, world.acmeOperator.token] {
                #expect(world.call(.put, path, token: token, json: Self.wholesaleEUR).status == .forbidden)
                #expect(world.call(.get, path, token: token).status == .forbidden)
            }
            #expect(try world.count("SELECT count(*) FROM wholesale_prices") == 0)

            let set = world.call(.put, path, token: world.platformAdmin.token, json: Self.wholesaleEUR)
            #expect(set.status == .ok)
            let requestID = try #require(set.headers["X-Request-Id"])
            // Audited where it lands: in the partner's own log.
            #expect(try world.count("""
                SELECT count(*) FROM audit_log
                WHERE request_id = \(requestID) AND action = 'wholesale_price.set' AND partner_id = \(world.acme.id)
                """) == 1)
            let read = world.call(.get, path, token: world.platformAdmin.token).object
            #expect((read["scheduled"] as? [String: Any])?.money("per_thousand_transactions") == ["0.75", "EUR"])
            #expect(world.call(.get, "/partners/\(UUID())/wholesale-price", token: world.platformAdmin.token).status == .notFound)
        }
    }

    @Test func pricesInTwoCurrenciesAreAConflictNotAGuessedMargin() throws {
        try APIWorld.with { (world) throws in
            let patched = world.call(.patch, "/tiers/bronze", token: world.acmeAdmin.token, json: """
                {"monthly_price":{"amount":"55.00","currency":"USD"},"overage_per_thousand":{"amount":"5.00","currency":"USD"}}
                """)
            #expect(patched.status == .ok, "\(patched.text)")
            let set = world.call(.put, "/partners/\(world.acme.id)/wholesale-price", token: world.platformAdmin.token,
                                 json: Self.wholesaleEUR)
            let month = String(try #require((set.object["scheduled"] as? [String: Any])?["effective_from"] as? String).dropLast(3))
            let report = world.call(.get, "/pricing/margins?month=\(month)", token: world.acmeAdmin.token)
            #expect(report.status == .conflict, "\(report.text)")
            #expect((report.object["detail"] as? String)?.contains("USD") == true)
        }
    }

    @Test func aMalformedMonthIsABadRequestNamingIt() throws {
        try APIWorld.with { (world) throws in
            for month in ["2026-13", "2026-1", "26-11", "2026-11-01", "0000-01"] {
                let response = world.call(.get, "/pricing/margins?month=\(month)", token: world.acmeAdmin.token)
                #expect(response.status == .badRequest, "\(month): \(response.status.code)")
                #expect(response.fields == ["month"])
            }
        }
    }

    struct BadInput: CustomStringConvertible {
        let method: HTTPMethod
        let path: String
        let body: String
        let field: String
        var description: String { "\(method) \(path) \(body)" }
    }

    @Test func badBillingInputIsA422NamingTheFieldAndChangesNothing() throws {
        try APIWorld.with { (world) throws in
            let tier = "/tiers/bronze"
            let tierCases: [BadInput] = [
                BadInput(method: .patch, path: tier, body: #"{"monthly_price":{"amount":"49,00","currency":"EUR"}}"#,
                         field: "/monthly_price/amount"),
                BadInput(method: .patch, path: tier, body: #"{"monthly_price":{"amount":49,"currency":"EUR"}}"#,
                         field: "/monthly_price/amount"),
                BadInput(method: .patch, path: tier, body: #"{"monthly_price":{"amount":"-1","currency":"EUR"}}"#,
                         field: "/monthly_price/amount"),
                BadInput(method: .patch, path: tier, body: #"{"monthly_price":{"amount":"1.00001","currency":"EUR"}}"#,
                         field: "/monthly_price/amount"),
                BadInput(method: .patch, path: tier, body: #"{"monthly_price":{"amount":"49.00","currency":"XTS"}}"#,
                         field: "/monthly_price/currency"),
                BadInput(method: .patch, path: tier, body: #"{"monthly_price":{"amount":"1","currency":"EUR","vat":"0"}}"#,
                         field: "/monthly_price/vat"),
                BadInput(method: .patch, path: tier, body: #"{"monthly_price":{"amount":"49.00","currency":"USD"}}"#,
                         field: "/overage_per_thousand"),
                BadInput(method: .patch, path: tier, body: #"{"name":"Renamed","sla_availability":"100.5"}"#,
                         field: "/sla_availability"),
                BadInput(method: .patch, path: tier, body: #"{"name":"","concurrency_limit":3}"#, field: "/name"),
                BadInput(method: .patch, path: tier, body: #"{"support_window":"24x7","support_start_hour":9}"#,
                         field: "/support_start_hour"),
                BadInput(method: .patch, path: tier, body: #"{"support_time_zone":"Mars/Olympus_Mons"}"#,
                         field: "/support_time_zone"),
                BadInput(method: .patch, path: tier, body: #"{"support_start_hour":18}"#, field: "/support_end_hour"),
            ]
            let wholesale = BadInput(
                method: .put, path: "/partners/\(world.acme.id)/wholesale-price",
                body: #"{"per_customer_month":{"amount":"12.50","currency":"EUR"},"per_thousand_transactions":{"amount":"1","currency":"GBP"}}"#,
                field: "/per_thousand_transactions/currency")
            let before = try Self.footprint(world)
            for bad in tierCases + [wholesale] {
                let token = bad.method == .put ? world.platformAdmin.token : world.acmeAdmin.token
                let response = world.call(bad.method, bad.path, token: token, json: bad.body)
                #expect(response.status == .unprocessableContent, "\(bad): \(response.status.code) \(response.text)")
                #expect(response.fields.contains(bad.field), "\(bad): problem names \(response.fields)")
            }
            #expect(try Self.footprint(world) == before, "a refused request wrote something")
        }
    }

    /// Everything a refused billing request might have written, fingerprinted.
    static func footprint(_ world: APIWorld) throws -> String {
        try world.db.owner.query("""
            SELECT md5(concat_ws('|',
                (SELECT string_agg(code || ':' || name, ',' ORDER BY code) FROM tiers),
                (SELECT count(*) FROM tier_terms), (SELECT count(*) FROM wholesale_prices),
                (SELECT count(*) FROM audit_log WHERE action <> 'platform.read')))
            """).single().decode(String.self, at: 0)
    }
}

extension Dictionary where Key == String, Value == Any {
    /// The money member `name` as `[amount, currency]`, both strings (nil when either is not).
    func money(_ name: String) -> [String]? {
        guard let money = self[name] as? [String: Any], let amount = money["amount"] as? String,
              let currency = money["currency"] as? String else { return nil }
        return [amount, currency]
    }
}

extension Response {
    /// The `field` of every error in a problem response.
    var fields: [String] {
        (object["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }
}
