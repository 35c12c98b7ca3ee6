import Foundation
@testable import Billing
import Postgres
import Tenancy
import TestSupport

/// Midnight UTC at the start of `day` (`YYYY-MM-DD`).
func midnight(_ day: String) -> Date {
    ISO8601DateFormatter().date(from: day + "T00:00:00Z")!
}

/// `YYYY-MM` as a month.
func month(_ text: String) -> BillingMonth {
    BillingMonth(text: text)!
}

extension TenantTestDatabase {
    /// A customer of the admin's partner on `tier`, created (in its history and its row) at `created`.
    func makeCustomer(_ name: String, tier: String, by admin: Principal, created: Date) throws -> Customer {
        let customer = try asCaller(admin) { connection, caller in
            try Customers.create(NewCustomer(name: name, tierCode: tier), by: caller, on: connection)
        }
        _ = try owner.execute("UPDATE customers SET created_at = \(created) WHERE id = \(customer.id)")
        _ = try owner.execute("UPDATE customer_tier_changes SET changed_at = \(created) WHERE customer_id = \(customer.id)")
        return customer
    }

    /// Changes the customer's tier or status through the product's path, then dates the change
    /// (the trigger writes the transaction's time) at `at`.
    func change(_ customer: Customer, _ changes: CustomerChanges, by admin: Principal, at: Date) throws {
        _ = try asCaller(admin) { connection, caller in
            try Customers.update(customer.id, changes, by: caller, on: connection)
        }
        _ = try owner.execute("""
            UPDATE customer_tier_changes SET changed_at = \(at)
            WHERE id = (SELECT max(id) FROM customer_tier_changes WHERE customer_id = \(customer.id))
            """)
    }

    /// Day rollup rows as Monitoring's fold would write them: `delivered` messages in the
    /// customer's `kind` environment on `day`.
    func deliver(_ delivered: Int, for customer: Customer, on day: Date, kind: String = "production",
                 flow: String = "order-to-erp") throws {
        let environment = try owner.query("SELECT id FROM environments WHERE customer_id = \(customer.id) AND kind = \(kind)")
            .single().decode(UUID.self, at: 0)
        _ = try owner.execute("""
            INSERT INTO message_rollups (partner_id, customer_id, grain, bucket_start, environment_id, environment_kind, flow,
                                         received, delivered)
            VALUES (\(customer.partnerID), \(customer.id), 'day', \(day), \(environment), \(kind), \(flow),
                    \(delivered), \(delivered))
            """)
    }

    /// Sets the partner's wholesale price from the month after `now`, as the platform admin.
    func setWholesale(_ partnerID: UUID, perCustomer: Decimal, perThousand: Decimal, now: Date) throws {
        let admin = try makePlatformAdmin()
        _ = try asPlatform(admin) { connection, caller in
            try WholesalePrices.set(partnerID, WholesalePrice(perCustomerMonth: Money(perCustomer, .eur),
                                                              perThousandTransactions: perThousand),
                                    by: caller, now: now, on: connection)
        }
    }

    /// Closes every open month before `now`, in the platform scope; returns what each closing wrote.
    @discardableResult
    func closeMonths(before now: Date) throws -> [MonthClosing.Closed] {
        try database.transaction(.system) { connection in
            try MonthClosing.openMonths(before: now, on: connection).map { try MonthClosing.close($0, on: connection) }
        }
    }
}
